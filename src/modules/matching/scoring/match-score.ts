import { SECTORS, type Sector } from '../taxonomy/taxonomy.types';
import { regionOf, type ListingFeatures, type Region } from './listing-features';
import type { ScoringContext } from './scoring-context';
import { FACTOR_NAMES, type FactorName, type FactorWeights, type ScoringWeights } from './scoring-weights';
import { termDictionaryFor, type TermDictionary } from './term-dictionary';

export interface MatchFactor {
  name: FactorName;
  /** Effective weight: the sector's weight after the text weight is redistributed. */
  weight: number;
  /** What counted, in [0, 1]; for practical factors, rawValue scaled by topical relevance. */
  value: number;
  /** The factor on its own, before any scaling. */
  rawValue: number;
  contribution: number;
}

export interface MatchScore {
  /** In [0, 1], 4 decimals; exactly the sum of the contributions in units of 1e-4. */
  score: number;
  algorithmVersion: string;
  sector: Sector;
  factors: MatchFactor[];
  /** Most contributing first. */
  sharedConceptIds: number[];
  /** Ascending; includes the fields of each side's concepts. */
  sharedFieldIds: number[];
}

/**
 * A listing with everything per-listing computed once (IDF weights, vector norms, sector mask),
 * so scoring a pair is a few merges over sorted typed arrays. Built with a context's IDF: score
 * it with that same context.
 */
export interface PreparedListing {
  readonly prepared: true;
  readonly features: ListingFeatures;
  /** Primary language subtag, '' when unknown. */
  readonly language: string;
  readonly conceptIds: Int32Array;
  readonly conceptWeights: Float64Array;
  readonly conceptNorm: number;
  /** Concept weights summed per field: the partial credit for neighbouring concepts. */
  readonly conceptFieldIds: Int32Array;
  readonly conceptFieldWeights: Float64Array;
  readonly conceptFieldNorm: number;
  /** The listing's fields together with its concepts' fields, sorted. */
  readonly fieldIds: Int32Array;
  /** Bit i set when the listing touches SECTORS[i]. */
  readonly sectorMask: number;
  /** Position of the listing's own sector in SECTORS: a need's picks the weights of its pairs. */
  readonly sectorIndex: number;
  /** Word ids in `terms`, ascending, and their TF-IDF weights. */
  readonly termIds: Int32Array;
  readonly termWeights: Float64Array;
  readonly termNorm: number;
  /** The scoring context's dictionary, which numbered the words. */
  readonly terms: TermDictionary;
  readonly country: string;
  readonly region: Region;
  readonly targetCountries: readonly string[];
  /** One bit per transfer mode (see transferModeBits); -1 when the modes do not fit a bit set. */
  readonly transferModeBits: number;
}

export type Scorable = ListingFeatures | PreparedListing;

/*
 * Share of the concept factor earned by exact concept ids; the rest comes from the same
 * comparison one level up (fields), so a photovoltaic offer still earns something from a
 * wind-power need in the same renewable-energy field.
 */
const EXACT_CONCEPT_SHARE = 0.7;

const FIELD_VALUE = { sameField: 1, sameSector: 0.5, relatedSector: 0.2 } as const;

/*
 * Unknown is neutral: halfway between met and failed, so listings that leave TRL or modes
 * blank are neither favoured nor buried.
 */
const UNKNOWN_VALUE = 0.5;

/*
 * One mode in common is enough for a deal; more common modes leave room to negotiate.
 */
const MODE_ANY_COMMON = 0.7;

/*
 * The forum exists to move technology between China and ASEAN, so those pairs come first;
 * cross-border ASEAN pairs next; domestic pairs are still valid deals, only not the purpose.
 */
const GEOGRAPHY_VALUE = { chinaAsean: 1, aseanAsean: 0.7, domestic: 0.5, other: 0.4 } as const;

const UNITS = 10_000;

const FACTOR_INDEX: Readonly<Record<FactorName, number>> = Object.fromEntries(
  FACTOR_NAMES.map((name, i) => [name, i]),
) as Record<FactorName, number>;
const CONCEPTS = FACTOR_INDEX.concepts;
const TEXT = FACTOR_INDEX.text;
const FIELD = FACTOR_INDEX.field;
const READINESS = FACTOR_INDEX.readiness;
const TRANSFER_MODE = FACTOR_INDEX.transferMode;
const GEOGRAPHY = FACTOR_INDEX.geography;
const FACTOR_COUNT = FACTOR_NAMES.length;

// Scratch space reused by every call: scoring is synchronous, so no two calls interleave.
const scratchWeights = new Float64Array(FACTOR_COUNT);
const scratchRaw = new Float64Array(FACTOR_COUNT);
const scratchValues = new Float64Array(FACTOR_COUNT);
const scratchUnits = new Int32Array(FACTOR_COUNT);
const scratchRemainders = new Float64Array(FACTOR_COUNT);

export function prepareFeatures(listing: ListingFeatures, context: ScoringContext): PreparedListing {
  const conceptIds = uniqueSorted(listing.conceptIds);
  const conceptWeights = new Float64Array(conceptIds.length);
  const byField = new Map<number, number>();
  let conceptNormSq = 0;
  for (let i = 0; i < conceptIds.length; i++) {
    const id = conceptIds[i];
    const count = listing.conceptCounts?.[id] ?? 1;
    // Sublinear in the count: repeating a concept ten times must not outweigh a second concept.
    const w = positiveOr(context.conceptIdf(id), 1) * (1 + Math.log(Math.max(1, count)));
    conceptWeights[i] = w;
    conceptNormSq += w * w;
    const fieldId = context.conceptField(id);
    if (fieldId !== undefined) byField.set(fieldId, (byField.get(fieldId) ?? 0) + w);
  }
  const conceptFieldIds = Int32Array.from(byField.keys()).sort();
  const conceptFieldWeights = new Float64Array(conceptFieldIds.length);
  let fieldNormSq = 0;
  for (let i = 0; i < conceptFieldIds.length; i++) {
    const w = byField.get(conceptFieldIds[i]) as number;
    conceptFieldWeights[i] = w;
    fieldNormSq += w * w;
  }

  const fieldIds = uniqueSorted([...listing.fieldIds, ...conceptFieldIds]);
  let sectorMask = sectorBit(listing.sector);
  for (const fieldId of fieldIds) {
    const sector = context.fieldSector(fieldId);
    if (sector !== undefined) sectorMask |= sectorBit(sector);
  }

  const language = primaryLanguage(listing.language);
  const dictionary = termDictionaryFor(context);
  const frequencies = listing.termFrequencies;
  const terms = Object.keys(frequencies);
  const unsortedIds: number[] = [];
  const unsortedWeights: number[] = [];
  let termNormSq = 0;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    const tf = frequencies[term];
    if (!(tf > 0) || !Number.isFinite(tf)) continue;
    const w = (1 + Math.log(tf)) * positiveOr(context.termIdf(language, term), 1);
    unsortedIds.push(dictionary.idOf(term));
    unsortedWeights.push(w);
    termNormSq += w * w;
  }
  const byId = unsortedIds.map((_, i) => i).sort((a, b) => unsortedIds[a] - unsortedIds[b]);
  const termIds = Int32Array.from(byId, (i) => unsortedIds[i]);
  const termWeights = Float64Array.from(byId, (i) => unsortedWeights[i]);

  const country = listing.partyCountry.trim().toUpperCase();
  return {
    prepared: true,
    features: listing,
    language,
    conceptIds,
    conceptWeights,
    conceptNorm: Math.sqrt(conceptNormSq),
    conceptFieldIds,
    conceptFieldWeights,
    conceptFieldNorm: Math.sqrt(fieldNormSq),
    fieldIds,
    sectorMask,
    sectorIndex: SECTORS.indexOf(listing.sector),
    termIds,
    termWeights,
    termNorm: Math.sqrt(termNormSq),
    terms: dictionary,
    country,
    region: regionOf(country),
    targetCountries: listing.targetCountries.map((c) => c.trim().toUpperCase()),
    transferModeBits: transferModeBits(listing.transferModes),
  };
}

/**
 * prepareFeatures for a listing kept in memory between scoring runs: the raw word and concept
 * counts live on in the prepared weights, and kept twice they would double the memory.
 */
export function prepareToKeep(listing: ListingFeatures, context: ScoringContext): PreparedListing {
  return { ...prepareFeatures(listing, context), features: { ...listing, termFrequencies: {}, conceptCounts: undefined } };
}

/** The score alone, equal to scoreMatch(...).score, without building the explanation. */
export function matchScoreValue(offer: Scorable, need: Scorable, context: ScoringContext): number {
  return computeScoreUnits(prepared(offer, context), prepared(need, context), context) / UNITS;
}

/**
 * matchScoreValue for a caller that only wants pairs passing `counts` (above the threshold, into
 * a top N): the factors other than text are computed first, and when even a perfect text
 * similarity (1) would leave the score failing `counts`, that bound is returned without
 * computing the text similarity. Either way, the pair counts exactly when `counts(returned)`,
 * and when it counts the returned number is the score. `counts` must be monotone (true for a
 * score, true for any higher one): the score never decreases as text similarity grows.
 */
export function matchScoreValueIfCounts(offer: Scorable, need: Scorable, context: ScoringContext, counts: (score: number) => boolean): number {
  return computeScoreUnits(prepared(offer, context), prepared(need, context), context, counts) / UNITS;
}

/**
 * Scores an offer against a need. The sector of the pair is the need's: the need states the
 * problem and its owner judges the candidates, so the trade-offs of its sector (regulatory
 * stage in health, say) apply; it also keeps every candidate of one need on the same weights,
 * which is the list a party actually reads.
 */
export function scoreMatch(offer: Scorable, need: Scorable, context: ScoringContext): MatchScore {
  const o = prepared(offer, context);
  const n = prepared(need, context);
  const units = computeScoreUnits(o, n, context, undefined, true);

  const factors: MatchFactor[] = FACTOR_NAMES.map((name, i) => ({
    name,
    weight: round4(scratchWeights[i]),
    value: round4(scratchValues[i]),
    rawValue: round4(scratchRaw[i]),
    contribution: scratchUnits[i] / UNITS,
  }));

  return {
    score: units / UNITS,
    algorithmVersion: context.weights.algorithmVersion,
    sector: n.features.sector,
    factors,
    sharedConceptIds: sharedConceptsByContribution(o, n),
    sharedFieldIds: intersectSorted(o.fieldIds, n.fieldIds),
  };
}

/**
 * The score in units of 1e-4; with `explain`, the scratch arrays also hold every factor's weight,
 * value and apportioned contribution. With `counts`, the upper bound instead when that already
 * fails it (see matchScoreValueIfCounts).
 */
function computeScoreUnits(o: PreparedListing, n: PreparedListing, context: ScoringContext, counts?: (score: number) => boolean, explain = false): number {
  const weights = sectorWeightsOf(context.weights, n);

  scratchRaw[CONCEPTS] = conceptSimilarity(o, n);
  const textComparable = o.language !== '' && wordsComparable(o.language, n.language) && o.termNorm > 0 && n.termNorm > 0;
  scratchRaw[FIELD] = fieldValue(o, n, context.weights);
  scratchRaw[READINESS] = readinessValue(o.features.trl, n.features.minTrl);
  scratchRaw[TRANSFER_MODE] =
    o.transferModeBits >= 0 && n.transferModeBits >= 0
      ? transferModeValueOfBits(o.transferModeBits, n.transferModeBits)
      : transferModeValue(o.features.transferModes, n.features.transferModes);
  scratchRaw[GEOGRAPHY] = geographyValue(o, n);
  const applied = textComparable ? weights.withText : weights.withoutText;
  if (textComparable && counts) {
    // Every step below is monotone in the text value (products and sums of non-negative numbers,
    // clamps, rounding), in floating point too, so the units with text at 1 bound the real ones.
    scratchRaw[TEXT] = 1;
    const bound = weighedUnits(applied);
    if (!counts(bound / UNITS)) return bound;
  }
  scratchRaw[TEXT] = textComparable ? textSimilarity(o, n) : 0;
  return explain ? explainedUnits(applied) : weighedUnits(applied);
}

/**
 * A sector's factor weights as a pair applies them: as configured when the two texts can be
 * compared, and otherwise with text at 0 and its weight spread over the others (cross-language
 * pairs cannot share words; spreading keeps them on the same scale as same-language pairs
 * instead of capping them). Computed once per weights document, not per pair.
 */
interface AppliedWeights {
  factors: Float64Array;
  /** concepts + text + field: what topical relevance is relative to. */
  topical: number;
}

const appliedWeightsCache = new WeakMap<ScoringWeights, { withText: AppliedWeights; withoutText: AppliedWeights }[]>();

function sectorWeightsOf(weights: ScoringWeights, need: PreparedListing): { withText: AppliedWeights; withoutText: AppliedWeights } {
  let bySector = appliedWeightsCache.get(weights);
  if (!bySector) {
    bySector = SECTORS.map((sector) => {
      const configured = weights.sectors[sector];
      return configured && { withText: appliedWeights(configured, true), withoutText: appliedWeights(configured, false) };
    });
    appliedWeightsCache.set(weights, bySector);
  }
  const applied = bySector[need.sectorIndex];
  if (applied === undefined) throw new Error(`scoring weights have no entry for sector ${need.features.sector}`);
  return applied;
}

function appliedWeights(configured: FactorWeights, textComparable: boolean): AppliedWeights {
  const scale = textComparable ? 1 : 1 / (1 - configured.text);
  const factors = Float64Array.from(FACTOR_NAMES, (name) => configured[name] * scale);
  if (!textComparable) factors[TEXT] = 0;
  return { factors, topical: factors[CONCEPTS] + factors[TEXT] + factors[FIELD] };
}

/**
 * Each factor's value from its raw value (in scratchRaw) into scratchValues, and the score in
 * units of 1e-4: the rounded sum of weight x value, which the contributions apportionUnits
 * rounds add up to.
 */
function weighedUnits({ factors, topical }: AppliedWeights): number {
  // Practical fit only matters for a relevant technology: scaling it by topical relevance
  // means matching TRL, modes and countries reorder relevant candidates and never lift an
  // unrelated one (a digital offer for a health need, nothing in common, stays near zero).
  const relevance =
    topical > 0 ? (factors[CONCEPTS] * scratchRaw[CONCEPTS] + factors[TEXT] * scratchRaw[TEXT] + factors[FIELD] * scratchRaw[FIELD]) / topical : 0;
  let total = 0;
  for (let i = 0; i < FACTOR_COUNT; i++) {
    const practical = i === READINESS || i === TRANSFER_MODE || i === GEOGRAPHY;
    const value = clamp01(practical ? scratchRaw[i] * relevance : scratchRaw[i]);
    scratchValues[i] = value;
    total += factors[i] * value * UNITS;
  }
  return Math.min(UNITS, Math.max(0, Math.round(total)));
}

/** weighedUnits, with each factor's weight in scratchWeights and its contribution apportioned in scratchUnits. */
function explainedUnits(applied: AppliedWeights): number {
  const units = weighedUnits(applied);
  scratchWeights.set(applied.factors);
  apportionUnits(units);
  return units;
}

/*
 * Rounds each contribution to 1e-4 so that they add up exactly to the rounded score, `target`
 * (largest remainders get the leftover units), which is what an explanation promises.
 */
function apportionUnits(target: number): void {
  let floorSum = 0;
  for (let i = 0; i < FACTOR_COUNT; i++) {
    const exact = scratchWeights[i] * scratchValues[i] * UNITS;
    const units = Math.floor(exact + 1e-9);
    scratchUnits[i] = units;
    scratchRemainders[i] = exact - units;
    floorSum += units;
  }
  let leftover = target - floorSum;
  while (leftover > 0) {
    let best = 0;
    for (let i = 1; i < FACTOR_COUNT; i++) if (scratchRemainders[i] > scratchRemainders[best]) best = i;
    scratchUnits[best]++;
    scratchRemainders[best] = -1;
    leftover--;
  }
  while (leftover < 0) {
    let best = 0;
    for (let i = 1; i < FACTOR_COUNT; i++) if (scratchUnits[i] > scratchUnits[best]) best = i;
    scratchUnits[best]--;
    leftover++;
  }
}

/*
 * Weighted cosine over IDF x sublinear-count vectors: symmetric, and a listing that lists every
 * concept it can think of grows its norm and so dilutes, rather than raises, its similarity.
 */
function conceptSimilarity(o: PreparedListing, n: PreparedListing): number {
  const exact = cosineSorted(o.conceptIds, o.conceptWeights, o.conceptNorm, n.conceptIds, n.conceptWeights, n.conceptNorm);
  if (o.conceptFieldNorm === 0 || n.conceptFieldNorm === 0) return exact;
  const byField = cosineSorted(
    o.conceptFieldIds,
    o.conceptFieldWeights,
    o.conceptFieldNorm,
    n.conceptFieldIds,
    n.conceptFieldWeights,
    n.conceptFieldNorm,
  );
  return EXACT_CONCEPT_SHARE * exact + (1 - EXACT_CONCEPT_SHARE) * byField;
}

function cosineSorted(
  aIds: Int32Array,
  aW: Float64Array,
  aNorm: number,
  bIds: Int32Array,
  bW: Float64Array,
  bNorm: number,
): number {
  if (aNorm === 0 || bNorm === 0) return 0;
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < aIds.length && j < bIds.length) {
    const a = aIds[i];
    const b = bIds[j];
    if (a === b) {
      dot += aW[i++] * bW[j++];
    } else if (a < b) {
      i++;
    } else {
      j++;
    }
  }
  return clamp01(dot / (aNorm * bNorm));
}

/** TF-IDF cosine. */
function textSimilarity(o: PreparedListing, n: PreparedListing): number {
  if (o.terms !== n.terms) return clamp01(dotAcrossDictionaries(o, n) / (o.termNorm * n.termNorm));
  return cosineSorted(o.termIds, o.termWeights, o.termNorm, n.termIds, n.termWeights, n.termNorm);
}

/*
 * Listings prepared with two contexts number their words differently: compared by the words
 * themselves. The worker never mixes contexts; this keeps a caller that does from being wrong.
 */
function dotAcrossDictionaries(o: PreparedListing, n: PreparedListing): number {
  let dot = 0;
  for (let i = 0; i < o.termIds.length; i++) {
    const id = n.terms.find(o.terms.termOf(o.termIds[i]));
    if (id === undefined) continue;
    const j = binarySearch(n.termIds, id);
    if (j >= 0) dot += o.termWeights[i] * n.termWeights[j];
  }
  return dot;
}

function binarySearch(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else if (sorted[mid] > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function fieldValue(o: PreparedListing, n: PreparedListing, weights: ScoringWeights): number {
  if (hasCommon(o.fieldIds, n.fieldIds)) return FIELD_VALUE.sameField;
  if ((o.sectorMask & n.sectorMask) !== 0) return FIELD_VALUE.sameSector;
  if ((relatedMask(o.sectorMask, weights) & n.sectorMask) !== 0) return FIELD_VALUE.relatedSector;
  return 0;
}

function readinessValue(trl: number | null, minTrl: number | null): number {
  if (minTrl === null) return 1;
  if (trl === null) return UNKNOWN_VALUE;
  return trl >= minTrl ? 1 : 0;
}

/*
 * Modes compared as bit sets: comparing mode names string by string was a tenth of the cost of
 * scoring a pair. A list with a repeated mode counts it twice in transferModeValue, which a bit
 * set cannot, so such a list (and a vocabulary past 30 modes) keeps the lists.
 */
const modeBits = new Map<string, number>();
const MAX_MODE_BITS = 30;

function transferModeBits(modes: readonly string[]): number {
  let bits = 0;
  for (const mode of modes) {
    let bit = modeBits.get(mode);
    if (bit === undefined) {
      if (modeBits.size >= MAX_MODE_BITS) return -1;
      bit = 1 << modeBits.size;
      modeBits.set(mode, bit);
    }
    if (bits & bit) return -1;
    bits |= bit;
  }
  return bits;
}

/** transferModeValue over bit sets of modes without repeats: the same counts, so the same value. */
function transferModeValueOfBits(offerBits: number, needBits: number): number {
  if (offerBits === 0 || needBits === 0) return UNKNOWN_VALUE;
  const common = bitCount(offerBits & needBits);
  if (common === 0) return 0;
  const union = bitCount(offerBits) + bitCount(needBits) - common;
  return MODE_ANY_COMMON + (1 - MODE_ANY_COMMON) * (common / union);
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

function transferModeValue(offerModes: readonly string[], needModes: readonly string[]): number {
  if (offerModes.length === 0 || needModes.length === 0) return UNKNOWN_VALUE;
  let common = 0;
  for (const mode of offerModes) if (needModes.includes(mode)) common++;
  if (common === 0) return 0;
  const union = offerModes.length + needModes.length - common;
  return MODE_ANY_COMMON + (1 - MODE_ANY_COMMON) * (common / union);
}

function geographyValue(o: PreparedListing, n: PreparedListing): number {
  if (n.targetCountries.length > 0 && !n.targetCountries.includes(o.country)) return 0;
  const a = o.region;
  const b = n.region;
  if ((a === 'china' && b === 'asean') || (a === 'asean' && b === 'china')) return GEOGRAPHY_VALUE.chinaAsean;
  if (a === 'other' || b === 'other') return GEOGRAPHY_VALUE.other;
  if (a === 'asean' && b === 'asean' && o.country !== n.country) return GEOGRAPHY_VALUE.aseanAsean;
  return GEOGRAPHY_VALUE.domestic;
}

function sharedConceptsByContribution(o: PreparedListing, n: PreparedListing): number[] {
  const shared: Array<{ id: number; contribution: number }> = [];
  let i = 0;
  let j = 0;
  while (i < o.conceptIds.length && j < n.conceptIds.length) {
    const a = o.conceptIds[i];
    const b = n.conceptIds[j];
    if (a === b) {
      shared.push({ id: a, contribution: o.conceptWeights[i++] * n.conceptWeights[j++] });
    } else if (a < b) {
      i++;
    } else {
      j++;
    }
  }
  shared.sort((x, y) => y.contribution - x.contribution || x.id - y.id);
  return shared.map((s) => s.id);
}

export type HardGate = 'kinds' | 'sameParty' | 'readiness' | 'transferMode' | 'targetCountries';

/**
 * The gates SQL applies when it picks candidates, restated so the worker can double-check a
 * candidate before it stores a match. Unknown (null TRL, no modes) passes: gates exclude only
 * what the listings say is impossible.
 */
export function hardGateFailures(offer: ListingFeatures, need: ListingFeatures): HardGate[] {
  const failures: HardGate[] = [];
  if (offer.kind !== 'offer' || need.kind !== 'need') failures.push('kinds');
  if (offer.partyId === need.partyId) failures.push('sameParty');
  if (offer.trl !== null && need.minTrl !== null && offer.trl < need.minTrl) failures.push('readiness');
  if (
    offer.transferModes.length > 0 &&
    need.transferModes.length > 0 &&
    !offer.transferModes.some((m) => need.transferModes.includes(m))
  ) {
    failures.push('transferMode');
  }
  if (need.targetCountries.length > 0) {
    const country = offer.partyCountry.trim().toUpperCase();
    if (!need.targetCountries.some((c) => c.trim().toUpperCase() === country)) failures.push('targetCountries');
  }
  return failures;
}

export function passesHardGates(offer: ListingFeatures, need: ListingFeatures): boolean {
  return hardGateFailures(offer, need).length === 0;
}

function prepared(listing: Scorable, context: ScoringContext): PreparedListing {
  return 'prepared' in listing ? listing : prepareFeatures(listing, context);
}

function sectorBit(sector: Sector): number {
  const i = SECTORS.indexOf(sector);
  return i < 0 ? 0 : 1 << i;
}

function relatedMask(mask: number, weights: ScoringWeights): number {
  let related = 0;
  for (const [a, b] of weights.relatedSectors) {
    const bitA = sectorBit(a);
    const bitB = sectorBit(b);
    if (mask & bitA) related |= bitB;
    if (mask & bitB) related |= bitA;
  }
  return related;
}

function hasCommon(a: Int32Array, b: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i] < b[j]) i++;
    else j++;
  }
  return false;
}

function intersectSorted(a: Int32Array, b: Int32Array): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}

function uniqueSorted(ids: readonly number[]): Int32Array {
  const sorted = Int32Array.from(ids).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i];
  return sorted.slice(0, k);
}

/*
 * Indonesian and Malay are two standards of one language: most technical words are spelt alike
 * (teknologi, sistem, tenaga suria), and short texts are often detected as the other one.
 */
const SHARED_VOCABULARY: Readonly<Record<string, string>> = { id: 'ms', ms: 'ms' };

/** Whether two listings' words can be compared (text similarity applies), from their language tags. */
export function textLanguagesComparable(a: string, b: string): boolean {
  const x = primaryLanguage(a);
  return x !== '' && wordsComparable(x, primaryLanguage(b));
}

function wordsComparable(a: string, b: string): boolean {
  return a === b || (SHARED_VOCABULARY[a] !== undefined && SHARED_VOCABULARY[a] === SHARED_VOCABULARY[b]);
}

/*
 * A handful of tags come up millions of times in a re-match (every candidate's language is
 * compared with the listing's); the cap only guards against a flood of odd tags.
 */
const primaryLanguages = new Map<string, string>();
const PRIMARY_LANGUAGES_CACHED = 1000;

function primaryLanguage(tag: string): string {
  let primary = primaryLanguages.get(tag);
  if (primary === undefined) {
    const subtag = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    primary = subtag === 'und' ? '' : subtag;
    if (primaryLanguages.size < PRIMARY_LANGUAGES_CACHED) primaryLanguages.set(tag, primary);
  }
  return primary;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function clamp01(x: number): number {
  return x <= 0 || Number.isNaN(x) ? 0 : x >= 1 ? 1 : x;
}

function round4(x: number): number {
  return Math.round(x * UNITS) / UNITS;
}
