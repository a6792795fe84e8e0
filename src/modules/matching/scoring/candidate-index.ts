import type { ListingFeatures } from './listing-features';

/** At most this many weight tiers: each costs one intarray intersection per matching row in SQL. */
const MAX_WEIGHT_TIERS = 3;

/** A counterpart worth scoring: what the caller needs to fetch or reuse its prepared features. */
export interface CandidateRef {
  id: string;
  revision: number;
  language: string;
}

export interface ConceptWeightTier {
  weight: number;
  conceptIds: number[];
}

/**
 * The listing's concepts grouped by rounded IDF, heaviest first, at most three tiers (the lightest
 * merge into the last kept one and take its weight). The one definition of the retrieval weight:
 * the SQL candidate query and the in-memory index must rank candidates alike, so both use this.
 */
export function conceptWeightTiers(conceptIds: readonly number[], weight: (conceptId: number) => number): ConceptWeightTier[] {
  const byWeight = new Map<number, number[]>();
  for (const id of new Set(conceptIds)) {
    const w = Math.max(1, Math.round(weight(id)));
    // Both end up as SQL literals: anything but integers is refused here.
    if (!Number.isInteger(id) || !Number.isFinite(w)) throw new Error(`concept ${id} has no usable weight`);
    const ids = byWeight.get(w);
    if (ids) ids.push(id);
    else byWeight.set(w, [id]);
  }
  const tiers = [...byWeight].sort((a, b) => b[0] - a[0]).map(([w, ids]) => ({ weight: w, conceptIds: ids }));
  while (tiers.length > MAX_WEIGHT_TIERS) {
    const lightest = tiers.pop()!;
    tiers[tiers.length - 1].conceptIds.push(...lightest.conceptIds);
  }
  return tiers;
}

/**
 * The first retrieval key: the IDF-weighted overlap squared over the counterpart's number of
 * concepts, i.e. the order of overlap / sqrt(concepts). Scoring compares concepts by cosine, which
 * divides by the counterpart's norm: a need naming two concepts, both the offer's, scores far
 * above one naming six that include the same two, yet a raw overlap ties them, and the tie went
 * to the newest. The count stands in for the norm, which would need every concept's IDF. In both
 * SQL and here a double divided by an integer: the same correctly rounded value, so equal ratios
 * tie and unequal ones (small integers) never do.
 */
export function normalizedOverlap(overlapWeight: number, conceptCount: number): number {
  return (overlapWeight * overlapWeight) / Math.max(conceptCount, 1);
}

/** One row of match_profiles: a published listing as retrieval sees it. */
export interface CandidateProfile {
  listingId: string;
  kind: 'offer' | 'need';
  partyId: string;
  partyCountry: string;
  language: string;
  conceptIds: readonly number[];
  fieldIds: readonly number[];
  trl: number | null;
  minTrl: number | null;
  transferModes: readonly string[];
  targetCountries: readonly string[];
  revision: number;
  /** Microseconds since the epoch (exact, as PostgreSQL orders them); null sorts first, as in `DESC`. */
  publishedAtMicros: number | null;
}

/** A candidate with the keys it was ranked by, so that results of two indexes can be merged in the SQL's order. */
export interface RankedCandidate extends CandidateRef {
  /** The profile's number in the index that found it. */
  position: number;
  overlap: number;
  fields: number;
  publishedAtMicros: number | null;
}

/** Candidates found through a shared concept, best first, and those found through a shared field alone (filled in only when concepts found fewer than the limit). */
export interface RankedCandidates {
  byConcept: RankedCandidate[];
  byField: RankedCandidate[];
}

/** The SQL's ORDER BY over ranked candidates: overlap, shared fields, newest (no date first), listing id, all descending. */
export function compareRanked(a: RankedCandidate, b: RankedCandidate): number {
  if (a.overlap !== b.overlap) return b.overlap - a.overlap;
  if (a.fields !== b.fields) return b.fields - a.fields;
  if (a.publishedAtMicros !== b.publishedAtMicros) {
    if (a.publishedAtMicros === null) return -1;
    if (b.publishedAtMicros === null) return 1;
    return b.publishedAtMicros - a.publishedAtMicros;
  }
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The first `limit` candidates: by concept, then filled up by field, in findCandidateRefs' order. */
export function firstCandidates({ byConcept, byField }: RankedCandidates, limit: number): RankedCandidate[] {
  return byConcept.length >= limit ? byConcept.slice(0, limit) : [...byConcept, ...byField.slice(0, limit - byConcept.length)];
}

export type CandidateQuery = Pick<ListingFeatures, 'kind' | 'partyId' | 'partyCountry' | 'conceptIds' | 'fieldIds' | 'trl' | 'minTrl' | 'transferModes' | 'targetCountries'>;

const OFFER = 0;
const NEED = 1;
const NO_LEVEL = -1;

/** Compressed rows: the values of profile p are values[start[p]] .. values[start[p + 1] - 1]. */
interface Packed {
  start: Int32Array;
  values: Int32Array;
}

/**
 * An in-memory inverted index over a snapshot of match_profiles that answers findCandidateRefs
 * with the same refs in the same order as the SQL (same gates, same IDF tiers normalised by the
 * profile's concept count, then shared fields, then newest first, then listing id), without PostgreSQL: a full re-match asks 200k times, and
 * the SQL costs ~4-5 ms of database CPU each. Profiles are numbered 0..n-1; everything per profile
 * lives in typed arrays, and a query accumulates over postings into scratch arrays it resets after.
 */
export class CandidateIndex {
  private readonly ids: string[];
  private readonly revisions: Int32Array;
  private readonly languages: string[];
  private readonly kinds: Uint8Array;
  private readonly parties: Int32Array;
  private readonly countries: Int32Array;
  private readonly trls: Int8Array;
  private readonly minTrls: Int8Array;
  private readonly modes: Packed;
  private readonly targets: Packed;
  private readonly fields: Packed;
  /** cardinality(concept_ids), as the SQL counts it (duplicates included). */
  private readonly conceptCounts: Int32Array;
  /** Position in (published_at DESC NULLS FIRST, listing_id DESC): the SQL's last two sort keys in one number. */
  private readonly recency: Int32Array;
  private readonly publishedAtMicros: (number | null)[];
  /** Profiles replaced or removed since the index was built (see retire): no query finds them. */
  private readonly retired: Uint8Array;
  private readonly positions = new Map<string, number>();
  private retiredCount = 0;
  /** Per kind: concept id (or field id) -> profiles of that kind carrying it, ascending. */
  private readonly conceptPostings: [Map<number, Int32Array>, Map<number, Int32Array>];
  private readonly fieldPostings: [Map<number, Int32Array>, Map<number, Int32Array>];
  private readonly partyIds = new Map<string, number>();
  private readonly countryIds = new Map<string, number>();
  private readonly modeIds = new Map<string, number>();
  // Scratch space for one query at a time (queries are synchronous).
  private readonly conceptWeightSum: Int32Array;
  private readonly sharedFieldCount: Int32Array;
  private readonly touched: Int32Array;
  private readonly gated: Int32Array;
  private readonly groupOfTouched: Int32Array;
  private readonly byGroup: Int32Array;
  /** Scratch for gateBestFirst, grown to the largest query seen and left zeroed after each. */
  private groupTableScratch = new Int32Array(0);
  private readonly maxConceptCount: number;
  private readonly modeMark: Uint8Array;

  constructor(profiles: readonly CandidateProfile[]) {
    const n = profiles.length;
    this.ids = profiles.map((p) => p.listingId);
    this.revisions = Int32Array.from(profiles, (p) => p.revision);
    this.languages = profiles.map((p) => p.language);
    this.kinds = Uint8Array.from(profiles, (p) => (p.kind === 'offer' ? OFFER : NEED));
    this.parties = Int32Array.from(profiles, (p) => intern(this.partyIds, p.partyId));
    this.countries = Int32Array.from(profiles, (p) => intern(this.countryIds, p.partyCountry.trim()));
    this.trls = Int8Array.from(profiles, (p) => p.trl ?? NO_LEVEL);
    this.minTrls = Int8Array.from(profiles, (p) => p.minTrl ?? NO_LEVEL);
    this.modes = pack(profiles.map((p) => unique(p.transferModes.map((mode) => intern(this.modeIds, mode)))));
    this.targets = pack(profiles.map((p) => unique(p.targetCountries.map((country) => intern(this.countryIds, country.trim())))));
    this.fields = pack(profiles.map((p) => unique(p.fieldIds)));
    this.conceptCounts = Int32Array.from(profiles, (p) => p.conceptIds.length);
    this.publishedAtMicros = profiles.map((p) => p.publishedAtMicros);
    this.retired = new Uint8Array(n);
    this.ids.forEach((id, p) => this.positions.set(id, p));

    const byRecency = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const ta = profiles[a].publishedAtMicros;
      const tb = profiles[b].publishedAtMicros;
      if (ta !== tb) {
        if (ta === null) return -1;
        if (tb === null) return 1;
        return tb - ta;
      }
      return this.ids[a] < this.ids[b] ? 1 : this.ids[a] > this.ids[b] ? -1 : 0;
    });
    this.recency = new Int32Array(n);
    byRecency.forEach((profile, position) => (this.recency[profile] = position));

    this.conceptPostings = [postings(profiles, this.kinds, OFFER, (p) => p.conceptIds), postings(profiles, this.kinds, NEED, (p) => p.conceptIds)];
    this.fieldPostings = [postings(profiles, this.kinds, OFFER, (p) => p.fieldIds), postings(profiles, this.kinds, NEED, (p) => p.fieldIds)];
    this.conceptWeightSum = new Int32Array(n);
    this.sharedFieldCount = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.gated = new Int32Array(n);
    this.groupOfTouched = new Int32Array(n);
    this.byGroup = new Int32Array(n);
    this.maxConceptCount = this.conceptCounts.reduce((max, count) => Math.max(max, count), 0);
    this.modeMark = new Uint8Array(this.modeIds.size + 1);
  }

  /** Profiles a query can find: those built in, less those retired since. */
  get size(): number {
    return this.ids.length - this.retiredCount;
  }

  /**
   * Takes the listing's profile out of every later query (it was withdrawn, or changed and is held
   * elsewhere now). The packed arrays stay as they are: rebuilding them costs a whole build.
   */
  retire(listingId: string): void {
    const p = this.positions.get(listingId);
    if (p === undefined || this.retired[p] === 1) return;
    this.retired[p] = 1;
    this.retiredCount++;
  }

  /** Same contract and result as CandidatesRepository.findCandidateRefs over the snapshot. */
  findCandidateRefs(listing: CandidateQuery, limit: number, conceptWeight: (conceptId: number) => number = () => 1): CandidateRef[] {
    return this.findCandidatePositions(listing, limit, conceptWeight).map((p) => this.ref(p));
  }

  /**
   * findCandidateRefs answered with each candidate's number in this index (0 .. the profiles it was
   * built from, in their order): a holder keeping something per profile in an array finds it
   * there, without a lookup by id.
   */
  findCandidatePositions(listing: CandidateQuery, limit: number, conceptWeight: (conceptId: number) => number = () => 1): number[] {
    const { byConcept, byField } = this.search(listing, limit, conceptWeight, (p) => p);
    return byField.length ? [...byConcept, ...byField] : byConcept;
  }

  /** findCandidateRefs with the keys each candidate was ranked by, for merging with another index's. */
  rankedCandidates(listing: CandidateQuery, limit: number, conceptWeight: (conceptId: number) => number = () => 1): RankedCandidates {
    return this.search(listing, limit, conceptWeight, (p) => this.ranked(p));
  }

  /**
   * The candidates found by concept (at most `limit`, best first) and, when those are fewer, by
   * field alone (at most the rest), each described by `describe` while the scratch arrays still
   * hold its keys.
   */
  private search<T>(listing: CandidateQuery, limit: number, conceptWeight: (conceptId: number) => number, describe: (p: number) => T): { byConcept: T[]; byField: T[] } {
    const counterpart = listing.kind === 'offer' ? NEED : OFFER;
    const listingFields = unique(listing.fieldIds);
    const gate = this.gateFor(listing);
    const weightSum = this.conceptWeightSum;
    const fieldCount = this.sharedFieldCount;
    const touched = this.touched;
    let touchedCount = 0;
    let maxWeightSum = 0;
    try {
      // Concepts: accumulate each tier's weight over its postings; a profile is touched once.
      for (const tier of listing.conceptIds.length ? conceptWeightTiers(listing.conceptIds, conceptWeight) : []) {
        maxWeightSum += tier.weight * tier.conceptIds.length;
        for (const conceptId of tier.conceptIds) {
          const posting = this.conceptPostings[counterpart].get(conceptId);
          if (!posting) continue;
          for (let i = 0; i < posting.length; i++) {
            const p = posting[i];
            if (weightSum[p] === 0) touched[touchedCount++] = p;
            weightSum[p] += tier.weight;
          }
        }
      }
      const gated = this.gated;
      let gatedCount = this.gateBestFirst(touchedCount, maxWeightSum, limit, listingFields, gate);
      const found = this.top(gated.subarray(0, gatedCount), limit, listingFields.length);
      if (found.length >= limit || listing.fieldIds.length === 0) return { byConcept: found.map(describe), byField: [] };

      // Fields fill up, with profiles sharing no concept at all (those still carry a concept weight, gated or not).
      gatedCount = 0;
      for (const fieldId of listingFields) {
        const posting = this.fieldPostings[counterpart].get(fieldId);
        if (!posting) continue;
        for (let i = 0; i < posting.length; i++) {
          const p = posting[i];
          if (weightSum[p] !== 0) continue;
          if (fieldCount[p] === 0) {
            // Gated at the first shared field; its count is complete once every field is walked.
            touched[touchedCount++] = p;
            if (gate(p)) gated[gatedCount++] = p;
          }
          fieldCount[p]++;
        }
      }
      const fill = this.top(gated.subarray(0, gatedCount), limit - found.length, listingFields.length);
      return { byConcept: found.map(describe), byField: fill.map(describe) };
    } finally {
      for (let i = 0; i < touchedCount; i++) {
        weightSum[touched[i]] = 0;
        fieldCount[touched[i]] = 0;
      }
    }
  }

  /**
   * Gates the touched profiles best first and counts the shared fields of those that pass, into
   * `gated` (returns how many): the first sort key, normalizedOverlap, depends only on a
   * profile's (weight sum, concept count), which take few distinct values, so the touched are
   * grouped by those and whole groups are gated, highest overlap first, until `limit` have passed
   * and the next group ranks lower. A popular concept touches tens of thousands of profiles for a
   * few hundred kept: those below the cut are never gated, which was a third of a query's time.
   */
  private gateBestFirst(touchedCount: number, maxWeightSum: number, limit: number, listingFields: readonly number[], gate: (p: number) => boolean): number {
    const { touched, conceptWeightSum: weightSum, conceptCounts, groupOfTouched, byGroup, gated, sharedFieldCount: fieldCount } = this;
    // Group ids by (weight sum, concept count) in a flat table, 1-based (0: none yet); a map per
    // profile touched was most of this method's time. Both keys are small integers.
    const span = this.maxConceptCount + 1;
    const table = this.groupTable((maxWeightSum + 1) * span);
    const usedKeys: number[] = [];
    const groupOverlaps: number[] = [];
    const groupSizes: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const p = touched[i];
      const key = weightSum[p] * span + conceptCounts[p];
      let group = table[key] - 1;
      if (group < 0) {
        group = groupSizes.length;
        table[key] = group + 1;
        usedKeys.push(key);
        groupOverlaps.push(normalizedOverlap(weightSum[p], conceptCounts[p]));
        groupSizes.push(0);
      }
      groupSizes[group]++;
      groupOfTouched[i] = group;
    }
    for (const key of usedKeys) table[key] = 0;
    // Touched profiles laid out group after group, highest overlap first (a counting sort).
    const order = groupSizes.map((_, group) => group).sort((a, b) => groupOverlaps[b] - groupOverlaps[a]);
    const next = new Int32Array(groupSizes.length);
    let offset = 0;
    for (const group of order) {
      next[group] = offset;
      offset += groupSizes[group];
    }
    for (let i = 0; i < touchedCount; i++) byGroup[next[groupOfTouched[i]]++] = touched[i];

    let gatedCount = 0;
    let at = 0;
    for (let k = 0; k < order.length; k++) {
      const group = order[k];
      for (const end = at + groupSizes[group]; at < end; at++) {
        const p = byGroup[at];
        if (!gate(p)) continue;
        fieldCount[p] = this.sharedFields(p, listingFields);
        gated[gatedCount++] = p;
      }
      // Groups of equal overlap rank together (shared fields decide between them): all or none.
      if (gatedCount >= limit && (k + 1 === order.length || groupOverlaps[order[k + 1]] < groupOverlaps[group])) break;
    }
    return gatedCount;
  }

  private groupTable(size: number): Int32Array {
    if (this.groupTableScratch.length < size) this.groupTableScratch = new Int32Array(size);
    return this.groupTableScratch;
  }

  /**
   * The best `limit` profiles in the SQL's ORDER BY: normalizedOverlap, then shared fields, then
   * newest, then listing id. Popular concepts gate thousands of profiles for a few hundred kept,
   * and the first two keys depend only on (overlap weight, concept count, shared fields), which
   * take few distinct values: those groups are counted and ranked, and only the profiles of the
   * groups that make the cut are sorted.
   */
  private top(profiles: Int32Array, limit: number, listingFieldCount: number): number[] {
    const weightSum = this.conceptWeightSum;
    const fieldCount = this.sharedFieldCount;
    const conceptCounts = this.conceptCounts;
    const recency = this.recency;
    const overlapOf = (p: number) => normalizedOverlap(weightSum[p], conceptCounts[p]);
    let cutOverlap = -Infinity;
    let cutFields = 0;
    if (profiles.length > limit) {
      // Profiles per normalized overlap, then per shared field count (0 .. the listing's fields).
      const groups = new Map<number, Int32Array>();
      for (let i = 0; i < profiles.length; i++) {
        const p = profiles[i];
        const overlap = overlapOf(p);
        let byFields = groups.get(overlap);
        if (!byFields) groups.set(overlap, (byFields = new Int32Array(listingFieldCount + 1)));
        byFields[fieldCount[p]]++;
      }
      let kept = 0;
      for (const overlap of [...groups.keys()].sort((a, b) => b - a)) {
        const byFields = groups.get(overlap)!;
        for (let fields = listingFieldCount; fields >= 0 && kept < limit; fields--) {
          if (byFields[fields] === 0) continue;
          kept += byFields[fields];
          cutOverlap = overlap;
          cutFields = fields;
        }
        if (kept >= limit) break;
      }
    }
    const selected: number[] = [];
    for (let i = 0; i < profiles.length; i++) {
      const p = profiles[i];
      const overlap = overlapOf(p);
      if (overlap > cutOverlap || (overlap === cutOverlap && fieldCount[p] >= cutFields)) selected.push(p);
    }
    selected.sort((a, b) => overlapOf(b) - overlapOf(a) || fieldCount[b] - fieldCount[a] || recency[a] - recency[b]);
    return selected.length > limit ? selected.slice(0, limit) : selected;
  }

  private ref(p: number): CandidateRef {
    return { id: this.ids[p], revision: this.revisions[p], language: this.languages[p] };
  }

  private ranked(p: number): RankedCandidate {
    return {
      id: this.ids[p],
      revision: this.revisions[p],
      language: this.languages[p],
      position: p,
      overlap: normalizedOverlap(this.conceptWeightSum[p], this.conceptCounts[p]),
      fields: this.sharedFieldCount[p],
      publishedAtMicros: this.publishedAtMicros[p],
    };
  }

  private sharedFields(p: number, listingFields: readonly number[]): number {
    const { start, values } = this.fields;
    let shared = 0;
    for (let i = start[p]; i < start[p + 1]; i++) if (listingFields.includes(values[i])) shared++;
    return shared;
  }

  /** The SQL's hard gates for this listing's counterparts, as a test of one profile. */
  private gateFor(listing: CandidateQuery): (p: number) => boolean {
    const party = this.partyIds.get(listing.partyId) ?? -1;
    const modeMark = this.modeMark;
    modeMark.fill(0);
    const listingModes = listing.transferModes.map((mode) => this.modeIds.get(mode));
    for (const mode of listingModes) if (mode !== undefined) modeMark[mode] = 1;
    const anyListingMode = listingModes.length > 0;
    const { start: modeStart, values: modeValues } = this.modes;
    const { start: targetStart, values: targetValues } = this.targets;
    const modesMeet = (p: number) => {
      if (!anyListingMode || modeStart[p] === modeStart[p + 1]) return true;
      for (let i = modeStart[p]; i < modeStart[p + 1]; i++) if (modeMark[modeValues[i]]) return true;
      return false;
    };
    if (listing.kind === 'offer') {
      const country = this.countryIds.get(listing.partyCountry.trim()) ?? -1;
      const trl = listing.trl;
      return (p) => {
        if (this.retired[p] === 1 || this.parties[p] === party) return false;
        if (this.minTrls[p] !== NO_LEVEL && trl !== null && trl < this.minTrls[p]) return false;
        if (targetStart[p] !== targetStart[p + 1]) {
          let wanted = false;
          for (let i = targetStart[p]; i < targetStart[p + 1]; i++) if (targetValues[i] === country) wanted = true;
          if (!wanted) return false;
        }
        return modesMeet(p);
      };
    }
    const minTrl = listing.minTrl;
    const wanted = new Set(listing.targetCountries.map((country) => this.countryIds.get(country.trim()) ?? -1));
    return (p) => {
      if (this.retired[p] === 1 || this.parties[p] === party) return false;
      if (this.trls[p] !== NO_LEVEL && minTrl !== null && this.trls[p] < minTrl) return false;
      if (wanted.size > 0 && !wanted.has(this.countries[p])) return false;
      return modesMeet(p);
    };
  }
}

function intern(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = ids.size));
  return id;
}

function unique(values: readonly number[]): number[] {
  return values.length < 2 ? [...values] : [...new Set(values)];
}

function pack(rows: readonly number[][]): Packed {
  const start = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) start[i + 1] = start[i] + rows[i].length;
  const values = new Int32Array(start[rows.length]);
  for (let i = 0; i < rows.length; i++) values.set(rows[i], start[i]);
  return { start, values };
}

function postings(profiles: readonly CandidateProfile[], kinds: Uint8Array, kind: number, keys: (profile: CandidateProfile) => readonly number[]): Map<number, Int32Array> {
  const lists = new Map<number, number[]>();
  for (let p = 0; p < profiles.length; p++) {
    if (kinds[p] !== kind) continue;
    for (const key of unique(keys(profiles[p]))) {
      const list = lists.get(key);
      if (list) list.push(p);
      else lists.set(key, [p]);
    }
  }
  return new Map([...lists].map(([key, list]) => [key, Int32Array.from(list)]));
}
