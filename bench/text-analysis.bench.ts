/**
 * Throughput of the text analysis on long listings built from SIB-200 sentences, each
 * beside a baseline measured in the same run.
 * Run: npx ts-node --transpile-only bench/text-analysis.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTaxonomyLookup, loadTaxonomy } from '../src/modules/matching/taxonomy/taxonomy.loader';
import { TAXONOMY_LANGUAGES, Taxonomy } from '../src/modules/matching/taxonomy/taxonomy.types';
import { analyzeListingText } from '../src/modules/matching/text/analyze-listing-text';
import { createConceptMatcher, matchForm } from '../src/modules/matching/text/concept-matcher';
import { segmentWords } from '../src/modules/matching/text/segment-words';

const SIB = process.env.SIB200_DIR ?? join(__dirname, '..', '..', 'shared', 'data', 'sib-200');
const sibDir = existsSync(SIB) ? SIB : '/work/shared/data/sib-200';

function sentences(dir: string): string[] {
  const rows: string[] = [];
  for (const split of ['train', 'dev']) {
    const lines = readFileSync(join(sibDir, dir, `${split}.tsv`), 'utf8').trim().split('\n').slice(1);
    for (const l of lines) rows.push(l.split('\t')[2]);
  }
  return rows;
}

function longText(dir: string, length: number, joiner: string): string {
  const s = sentences(dir);
  let out = '';
  for (let i = 0; out.length < length; i++) out += s[i % s.length] + joiner;
  return out.slice(0, length);
}

function time(fn: () => unknown, minMs = 300): number {
  fn(); // warm up
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - t0) / runs;
}

const taxonomy: Taxonomy = loadTaxonomy();
let t0 = performance.now();
const matcher = createConceptMatcher(taxonomy);
const buildMs = performance.now() - t0;
const lookup = createTaxonomyLookup(taxonomy);
console.log(`taxonomy ${taxonomy.version}, ` +
  `${matcher.termCount} distinct terms, matcher built in ${buildMs.toFixed(0)} ms`);

const plainSegmenter = new Intl.Segmenter('und', { granularity: 'word' });
const allTerms = [...new Set(taxonomy.sectors.flatMap((s) => s.concepts.flatMap((c) => TAXONOMY_LANGUAGES.flatMap((l) => c.terms[l].map(matchForm)))))];
function naiveScan(text: string): number {
  const t = matchForm(text);
  let found = 0;
  for (const term of allTerms) for (let i = t.indexOf(term); i >= 0; i = t.indexOf(term, i + term.length)) found++;
  return found;
}

const fmt = (cps: number) => `${(cps / 1e6).toFixed(2)} M chars/s`;
console.log('\nthroughput on 20,000-character texts (SIB-200 sentences concatenated)');
console.log('lang | analyzeListingText | matcher.extract | naive indexOf scan (baseline) | segmentWords chunked | Intl.Segmenter unchunked (baseline)');
for (const [lang, dir, joiner] of [
  ['zh', 'zho_Hans', ''],
  ['th', 'tha_Thai', ' '],
  ['vi', 'vie_Latn', ' '],
  ['en', 'eng_Latn', ' '],
] as const) {
  const text = longText(dir, 20000, joiner);
  const analyze = time(() => analyzeListingText({ title: 'x', description: text }, matcher, lookup));
  const extract = time(() => matcher.extract(text));
  const naive = time(() => naiveScan(text));
  const chunked = time(() => segmentWords(text));
  const whole = time(() => {
    let n = 0;
    for (const s of plainSegmenter.segment(text)) if (s.isWordLike) n++;
    return n;
  });
  const c = text.length;
  console.log(
    `${lang}   | ${fmt((c / analyze) * 1000)} | ${fmt((c / extract) * 1000)} | ${fmt((c / naive) * 1000)} | ` +
      `${fmt((c / chunked) * 1000)} | ${fmt((c / whole) * 1000)}`,
  );
}

console.log('\none 100,000-character description (ms per call)');
for (const [lang, dir, joiner] of [
  ['zh', 'zho_Hans', ''],
  ['th', 'tha_Thai', ' '],
  ['vi', 'vie_Latn', ' '],
  ['en', 'eng_Latn', ' '],
] as const) {
  const text = longText(dir, 100000, joiner);
  const analyze = time(() => analyzeListingText({ title: 'x', description: text }, matcher, lookup), 1000);
  t0 = performance.now();
  let n = 0;
  for (const s of plainSegmenter.segment(text)) if (s.isWordLike) n++;
  const whole = performance.now() - t0;
  console.log(`${lang}: analyzeListingText ${analyze.toFixed(1)} ms; baseline Intl.Segmenter over the whole text unchunked ${whole.toFixed(0)} ms (${n} words)`);
}
