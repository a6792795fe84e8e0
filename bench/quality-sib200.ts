/**
 * Quality of the text analysis on the SIB-200 dev split: language detection, sector
 * suggestion and cross-language retrieval. Short single sentences, not listings: read the
 * figures as a floor, and do not tune to them.
 * Run: npx ts-node --transpile-only bench/quality-sib200.ts [dev|train]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTaxonomyLookup, loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { SECTORS, Taxonomy } from '../src/modules/matching/taxonomy/taxonomy.types';
import { analyzeListingText, ListingTextAnalysis } from '../src/modules/matching/text/analyze-listing-text';
import { createConceptMatcher } from '../src/modules/matching/text/concept-matcher';
import { detectLanguage } from '../src/modules/matching/text/detect-language';
import { normalizeText } from '../src/modules/matching/text/normalize-text';

const split = process.argv[2] === 'train' ? 'train' : 'dev';
const SIB = [join(__dirname, '..', '..', 'shared', 'data', 'sib-200'), '/work/shared/data/sib-200'].find((d) => existsSync(d))!;
const DIRS = {
  zh: 'zho_Hans', en: 'eng_Latn', th: 'tha_Thai', vi: 'vie_Latn', id: 'ind_Latn', ms: 'zsm_Latn',
  km: 'khm_Khmr', lo: 'lao_Laoo', my: 'mya_Mymr', tl: 'tgl_Latn',
} as const;
type Lang = keyof typeof DIRS;
const SIX: Lang[] = ['zh', 'en', 'th', 'vi', 'id', 'ms'];
const OTHERS: Lang[] = ['km', 'lo', 'my', 'tl'];

interface Row { id: string; category: string; text: string }
function rows(lang: Lang): Row[] {
  return readFileSync(join(SIB, DIRS[lang], `${split}.tsv`), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [id, category, text] = l.split('\t');
    return { id, category, text };
  });
}

const taxonomy: Taxonomy = loadTaxonomy();
const matcher = createConceptMatcher(taxonomy);
const lookup = createTaxonomyLookup(taxonomy);
console.log(`SIB-200 ${split}; taxonomy ${taxonomy.version}: ${taxonomy.sectors.reduce((n, s) => n + s.concepts.length, 0)} concepts`);

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
function shortForm(text: string): string {
  return /[\u4e00-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]/u.test(text) ? text.slice(0, 12) : text.split(' ').slice(0, 4).join(' ');
}

// 1. Language detection
console.log('\n1. language detection (full sentence | title-like: first 4 words or 12 characters)');
for (const lang of [...SIX, ...OTHERS]) {
  const out: string[] = [];
  for (const short of [false, true]) {
    const labels = new Map<string, number>();
    let right = 0;
    let wrongSure = 0;
    const rs = rows(lang);
    for (const r of rs) {
      const d = detectLanguage(short ? shortForm(r.text) : r.text);
      labels.set(d.language, (labels.get(d.language) ?? 0) + 1);
      if (d.language === lang) right++;
      else if (d.language !== 'und' && d.confidence >= 0.5) wrongSure++;
    }
    const dist = [...labels].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l}:${n}`).join(' ');
    out.push(`${SIX.includes(lang) ? pct(right, rs.length) + ' right, ' : ''}${wrongSure} wrong with confidence>=0.5 [${dist}]`);
  }
  console.log(`  ${lang}: ${out.join(' | ')}`);
}

// 2. Sector suggestion
console.log('\n2. sector suggestion over the six languages (rows: SIB-200 topic; columns: suggestion, "low" = confidence < 0.3)');
const analyses = new Map<Lang, ListingTextAnalysis[]>();
for (const lang of SIX) analyses.set(lang, rows(lang).map((r) => analyzeListingText({ title: '', description: r.text }, matcher, lookup)));
const LOW = 0.3;
const table = new Map<string, Map<string, number>>();
let healthRight = 0, healthN = 0, techRight = 0, techN = 0, otherQuiet = 0, otherN = 0;
for (const lang of SIX) {
  rows(lang).forEach((r, i) => {
    const s = analyses.get(lang)![i].sectorSuggestion;
    const col = s === null ? 'null' : s.confidence < LOW ? `low ${s.sector}` : s.sector;
    const t = table.get(r.category) ?? new Map<string, number>();
    t.set(col, (t.get(col) ?? 0) + 1);
    table.set(r.category, t);
    const sure = s !== null && s.confidence >= LOW;
    if (r.category === 'health') { healthN++; if (s?.sector === 'health') healthRight++; }
    else if (r.category === 'science/technology') { techN++; if (s && s.sector !== 'health') techRight++; }
    else { otherN++; if (!sure) otherQuiet++; }
  });
}
const cols = ['null', ...SECTORS.flatMap((s) => [s, `low ${s}`])];
console.log(`  ${'topic'.padEnd(20)}${cols.map((c) => c.slice(0, 12).padStart(13)).join('')}`);
for (const [cat, t] of [...table].sort()) console.log(`  ${cat.padEnd(20)}${cols.map((c) => String(t.get(c) ?? 0).padStart(13)).join('')}`);
console.log(`  health -> health: ${pct(healthRight, healthN)}; science/technology -> digital or sustainable-development: ${pct(techRight, techN)}; ` +
  `other topics -> null or low: ${pct(otherQuiet, otherN)}`);

// 3. Cross-language retrieval
/**
 * Language-independent features only: concepts, numbers, and Latin-script names and
 * acronyms (in a Latin-script language only capitalised words after the first, which
 * are mostly names; in Chinese and Thai any Latin word).
 */
function features(text: string, lang: Lang, a: ListingTextAnalysis): Set<string> {
  const f = new Set<string>();
  for (const id of a.conceptIds) f.add(`c:${id}`);
  for (const n of normalizeText(text).match(/\d+(?:[.,]\d+)*/gu) ?? []) f.add(`n:${n.replace(/[.,]/gu, '')}`);
  const latin = text.normalize('NFKC').match(/[A-Za-zÀ-ɏ][\p{L}\p{N}'-]*/gu) ?? [];
  latin.forEach((w, i) => {
    const name = lang === 'zh' || lang === 'th' || (i > 0 && /^\p{Lu}/u.test(w)) || /\p{Lu}.*\p{Lu}/u.test(w.slice(1));
    if (name && w.length > 1) f.add(`w:${normalizeText(w)}`);
  });
  return f;
}

console.log('\n3. cross-language retrieval: rank of the translation among all sentences of the target language');
console.log('   similarity: IDF-weighted cosine over concepts, numbers and Latin names/acronyms; ties ranked at their mean');
const feats = new Map<Lang, Set<string>[]>();
for (const lang of SIX) feats.set(lang, rows(lang).map((r, i) => features(r.text, lang, analyses.get(lang)![i])));
for (const target of ['zh', 'en'] as const) {
  const pool = feats.get(target)!;
  const df = new Map<string, number>();
  for (const f of pool) for (const x of f) df.set(x, (df.get(x) ?? 0) + 1);
  const idf = (x: string) => Math.log(1 + pool.length / (df.get(x) ?? 0.5));
  const norm = (f: Set<string>) => Math.sqrt([...f].reduce((s, x) => s + idf(x) ** 2, 0)) || 1;
  const poolNorms = pool.map(norm);
  const targetIds = rows(target).map((r) => r.id);
  for (const source of ['th', 'vi', 'id', 'ms'] as const) {
    let r1 = 0, mrr = 0, withSignal = 0;
    const srcRows = rows(source);
    srcRows.forEach((r, i) => {
      const q = feats.get(source)![i];
      const qn = norm(q);
      const scores = pool.map((f, j) => {
        let dot = 0;
        for (const x of q) if (f.has(x)) dot += idf(x) ** 2;
        return dot / (qn * poolNorms[j]);
      });
      const truth = targetIds.indexOf(r.id);
      const s = scores[truth];
      const greater = scores.filter((x) => x > s).length;
      const ties = scores.filter((x) => x === s).length - 1;
      if (s > 0) withSignal++;
      // Expected rank and hit rate when ties are broken at random.
      r1 += greater === 0 ? 1 / (ties + 1) : 0;
      mrr += ties === 0 ? 1 / (greater + 1) : Array.from({ length: ties + 1 }, (_, k) => 1 / (greater + 1 + k)).reduce((a, b) => a + b) / (ties + 1);
    });
    const n = srcRows.length;
    console.log(`  ${source} -> ${target}: recall@1 ${pct(r1, n)}, MRR ${(mrr / n).toFixed(3)}; ` +
      `${pct(withSignal, n)} of queries share any feature with their translation (random MRR ${(
        Array.from({ length: n }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b) / n
      ).toFixed(3)})`);
  }
}
