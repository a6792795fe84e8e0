/**
 * Realistic synthetic listings for benchmarks: texts in the six languages built from the
 * taxonomy's own terms inside real sentences of that language (SIB-200), with a skewed
 * (Zipf) popularity of fields and concepts, as real forums have a few crowded topics
 * (solar, e-payments) and a long tail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASEAN_COUNTRIES } from '../../src/common/geography/regions';
import { SECTORS, Sector, TAXONOMY_LANGUAGES, Taxonomy, TaxonomyConcept, TaxonomyLanguage } from '../../src/modules/matching/taxonomy/taxonomy.types';
import { seededRandom } from './seeded-random';

const SIB_DIRS: Record<TaxonomyLanguage, string> = { zh: 'zho_Hans', en: 'eng_Latn', th: 'tha_Thai', vi: 'vie_Latn', id: 'ind_Latn', ms: 'zsm_Latn' };
const LANGUAGE_SHARE: Record<TaxonomyLanguage, number> = { zh: 0.3, en: 0.2, th: 0.12, vi: 0.12, id: 0.14, ms: 0.12 };
const TRANSFER_MODES = ['licensing', 'technical-services', 'joint-rd', 'joint-venture', 'commercial-with-technical-assistance', 'equipment-supply', 'assignment', 'investment'];

export { seededRandom } from './seeded-random';

/** Picks index i with probability proportional to 1/(i+1)^s. */
function zipfPicker(n: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) cumulative.push((total += 1 / Math.pow(i + 1, s)));
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function sibSentences(language: TaxonomyLanguage): string[] {
  const dir = [join(__dirname, '..', '..', '..', 'shared', 'data', 'sib-200'), '/work/shared/data/sib-200'].find((d) => existsSync(d));
  if (!dir) return ['We offer a proven technology.', 'The solution has been tested with partners.'];
  const rows: string[] = [];
  for (const split of ['train', 'dev']) {
    const file = join(dir, SIB_DIRS[language], `${split}.tsv`);
    if (existsSync(file)) for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) rows.push(line.split('\t')[2]);
  }
  return rows;
}

export interface SyntheticListing {
  kind: 'offer' | 'need';
  language: TaxonomyLanguage;
  sector: Sector;
  title: string;
  description: string;
  trl: number | null;
  minTrl: number | null;
  transferModes: string[];
  targetCountries: string[];
  partyIndex: number;
}

export interface SyntheticParty {
  name: string;
  country: string;
}

export function syntheticParties(count: number, random: () => number): SyntheticParty[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Bench party ${i}`,
    // China is the largest single participant of the forum; ASEAN countries share the rest.
    country: random() < 0.35 ? 'CN' : ASEAN_COUNTRIES[Math.floor(random() * ASEAN_COUNTRIES.length)],
  }));
}

/**
 * How many concepts a listing names: `min` to `max` from its main field, and with probability
 * `neighbourShare` one from another field. The defaults give the bench's usual forum; wider
 * ranges check that a result does not rest on every listing naming two to five concepts.
 */
export interface ConceptSpread {
  min: number;
  max: number;
  neighbourShare: number;
}

export const DEFAULT_CONCEPT_SPREAD: ConceptSpread = { min: 2, max: 5, neighbourShare: 0.35 };

export function createListingGenerator(taxonomy: Taxonomy, seed: number, partyCount: number, spread: ConceptSpread = DEFAULT_CONCEPT_SPREAD) {
  const random = seededRandom(seed);
  const sentences = Object.fromEntries(TAXONOMY_LANGUAGES.map((l) => [l, sibSentences(l)])) as Record<TaxonomyLanguage, string[]>;
  const bySector = new Map<Sector, { fields: { concepts: TaxonomyConcept[]; pick: () => number }[]; pickField: () => number }>();
  for (const file of taxonomy.sectors) {
    const fields = file.fields
      .map((field) => file.concepts.filter((c) => c.field === field.code))
      .filter((concepts) => concepts.length > 0)
      .map((concepts) => ({ concepts, pick: zipfPicker(concepts.length, 1.0, random) }));
    bySector.set(file.sector, { fields, pickField: zipfPicker(fields.length, 0.9, random) });
  }
  const languages = TAXONOMY_LANGUAGES;
  const pickParty = zipfPicker(partyCount, 0.6, random);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  function language(): TaxonomyLanguage {
    let x = random();
    for (const l of languages) if ((x -= LANGUAGE_SHARE[l]) <= 0) return l;
    return 'en';
  }

  function term(concept: TaxonomyConcept, lang: TaxonomyLanguage): string {
    const forms = [concept.labels[lang], ...(concept.terms[lang] ?? [])].filter(Boolean);
    return pick(forms);
  }

  return function next(kind: 'offer' | 'need'): SyntheticListing {
    const lang = language();
    const sector = pick(SECTORS);
    const { fields, pickField } = bySector.get(sector)!;
    const field = fields[pickField()];
    const count = spread.min + Math.floor(random() * (spread.max - spread.min + 1));
    const concepts = new Set<TaxonomyConcept>();
    for (let i = 0; i < count; i++) concepts.add(field.concepts[field.pick()]);
    // Real listings often reach into a neighbouring field (solar plus storage, diagnostics plus telemedicine).
    if (random() < spread.neighbourShare) {
      const other = fields[pickField()];
      concepts.add(other.concepts[other.pick()]);
    }
    const terms = [...concepts].map((c) => term(c, lang));
    const joiner = lang === 'zh' || lang === 'th' ? '' : ' ';
    const filler = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(sentences[lang]));
    const description = [...terms.map((t, i) => `${filler[i % filler.length]}${joiner}${t}`), ...filler].join(lang === 'zh' ? '' : ' ');
    const trl = kind === 'offer' ? (random() < 0.1 ? null : 3 + Math.floor(random() * 7)) : null;
    const minTrl = kind === 'need' ? (random() < 0.3 ? null : 3 + Math.floor(random() * 5)) : null;
    const modeCount = 1 + Math.floor(random() * 3);
    const transferModes = [...new Set(Array.from({ length: modeCount }, () => TRANSFER_MODES[Math.min(TRANSFER_MODES.length - 1, Math.floor(-Math.log(1 - random()) * 2))]))];
    const targetCountries = kind === 'need' && random() < 0.3 ? [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.5 ? 'CN' : pick(ASEAN_COUNTRIES))))] : [];
    return {
      kind,
      language: lang,
      sector,
      title: terms.slice(0, 2).join(lang === 'zh' ? '、' : ', ').slice(0, 250),
      description: description.slice(0, 4000),
      trl,
      minTrl,
      transferModes,
      targetCountries,
      partyIndex: pickParty(),
    };
  };
}
