import { CandidateIndex, CandidateProfile, CandidateQuery, conceptWeightTiers } from './candidate-index';

const NOW = 1_790_000_000_000_000;

function need(id: string, overrides: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    listingId: id,
    kind: 'need',
    partyId: `party-${id}`,
    partyCountry: 'TH',
    language: 'th',
    conceptIds: [1],
    fieldIds: [10],
    trl: null,
    minTrl: null,
    transferModes: [],
    targetCountries: [],
    revision: 1,
    publishedAtMicros: NOW,
    ...overrides,
  };
}

function offer(id: string, overrides: Partial<CandidateProfile> = {}): CandidateProfile {
  return need(id, { kind: 'offer', partyCountry: 'CN', language: 'zh', ...overrides });
}

const anOffer: CandidateQuery = {
  kind: 'offer',
  partyId: 'party-self',
  partyCountry: 'CN',
  conceptIds: [1],
  fieldIds: [10],
  trl: 6,
  minTrl: null,
  transferModes: ['licensing'],
  targetCountries: [],
};

const aNeed: CandidateQuery = { ...anOffer, kind: 'need', partyCountry: 'TH', trl: null, minTrl: 5 };

const ids = (index: CandidateIndex, query: CandidateQuery, limit = 10, weight?: (id: number) => number) => index.findCandidateRefs(query, limit, weight).map((ref) => ref.id);

describe('conceptWeightTiers', () => {
  it.each([
    ['one tier per rounded weight, heaviest first', [1, 2, 3], { 1: 7.2, 2: 6.8, 3: 5.1 }, [{ weight: 7, conceptIds: [1, 2] }, { weight: 5, conceptIds: [3] }]],
    ['beyond three tiers the lightest merge into the last kept', [1, 2, 3, 4, 5], { 1: 9, 2: 7, 3: 5, 4: 3, 5: 1 }, [{ weight: 9, conceptIds: [1] }, { weight: 7, conceptIds: [2] }, { weight: 5, conceptIds: [3, 4, 5] }]],
    ['a weight below one counts as one', [4], { 4: 0.2 }, [{ weight: 1, conceptIds: [4] }]],
    ['a concept listed twice counts once', [2, 2], { 2: 3 }, [{ weight: 3, conceptIds: [2] }]],
    ['no concepts, no tiers', [], {}, []],
  ])('%s', (_case, conceptIds, idf, expected) => {
    expect(conceptWeightTiers(conceptIds, (id) => (idf as Record<number, number>)[id])).toEqual(expected);
  });

  it('refuses a weight that is not a number', () => {
    expect(() => conceptWeightTiers([1], () => NaN)).toThrow(/no usable weight/);
  });
});

describe('CandidateIndex gates', () => {
  it.each<[string, CandidateQuery, CandidateProfile, boolean]>([
    ['a need of another party sharing a concept', anOffer, need('n'), true],
    ['the counterpart kind only', anOffer, offer('o'), false],
    ['never the same party', anOffer, need('n', { partyId: 'party-self' }), false],
    ["the offer's TRL below the need's minimum", anOffer, need('n', { minTrl: 7 }), false],
    ["the offer's TRL at the need's minimum", anOffer, need('n', { minTrl: 6 }), true],
    ['an offer without TRL passes any minimum', { ...anOffer, trl: null }, need('n', { minTrl: 9 }), true],
    ["a need whose target countries leave the offer's out", anOffer, need('n', { targetCountries: ['VN', 'TH'] }), false],
    ["a need whose target countries include the offer's", anOffer, need('n', { targetCountries: ['VN', 'CN'] }), true],
    ['no transfer mode in common', anOffer, need('n', { transferModes: ['joint-rd'] }), false],
    ['a transfer mode in common', anOffer, need('n', { transferModes: ['joint-rd', 'licensing'] }), true],
    ['a counterpart without modes', anOffer, need('n', { transferModes: [] }), true],
    ['a listing without modes', { ...anOffer, transferModes: [] }, need('n', { transferModes: ['joint-rd'] }), true],
    ['nothing shared at all', anOffer, need('n', { conceptIds: [2], fieldIds: [20] }), false],
    ['a field shared without a concept', anOffer, need('n', { conceptIds: [2], fieldIds: [10] }), true],
    ["an offer below the need's minimum TRL", aNeed, offer('o', { trl: 4 }), false],
    ["an offer at the need's minimum TRL", aNeed, offer('o', { trl: 5 }), true],
    ['an offer without TRL', aNeed, offer('o', { trl: null }), true],
    ["an offer from outside the need's target countries", { ...aNeed, targetCountries: ['VN'] }, offer('o'), false],
    ["an offer from one of the need's target countries", { ...aNeed, targetCountries: ['VN', 'CN'] }, offer('o'), true],
  ])('%s', (_case, query, profile, found) => {
    expect(ids(new CandidateIndex([profile]), query)).toEqual(found ? [profile.listingId] : []);
  });
});

describe('CandidateIndex ranking', () => {
  it("orders by IDF-weighted shared concepts over the profile's concept count, then shared fields, then newest, then listing id (descending)", () => {
    const idf: Record<number, number> = { 1: 2, 2: 5 };
    const index = new CandidateIndex([
      need('a', { conceptIds: [1], fieldIds: [] }),
      need('b', { conceptIds: [2], fieldIds: [] }),
      need('c', { conceptIds: [1], fieldIds: [10] }),
      need('d', { conceptIds: [1, 2], fieldIds: [] }),
      need('e', { conceptIds: [1], fieldIds: [10], publishedAtMicros: NOW + 1 }),
      need('f', { conceptIds: [1], fieldIds: [10], publishedAtMicros: null }),
      need('g', { conceptIds: [1], fieldIds: [] }),
    ]);
    // b: 5²/1 = 25, d: 7²/2 = 24.5, the others 2²/1 = 4.
    expect(ids(index, { ...anOffer, conceptIds: [1, 2] }, 10, (id) => idf[id])).toEqual(['b', 'd', 'f', 'e', 'c', 'g', 'a']);
  });

  it('puts a profile naming only shared concepts before one naming the same and many more, as cosine scoring does', () => {
    const index = new CandidateIndex([
      need('broad', { conceptIds: [1, 2, 3, 4, 5, 6], publishedAtMicros: NOW + 1 }),
      need('focused', { conceptIds: [1, 2] }),
      need('one-of-one', { conceptIds: [2] }),
    ]);
    // focused 2²/2 = 2, one-of-one 1²/1 = 1, broad 2²/6: the broad one is newest, and was first by raw overlap.
    expect(ids(index, { ...anOffer, conceptIds: [1, 2, 9] })).toEqual(['focused', 'one-of-one', 'broad']);
    expect(ids(index, { ...anOffer, conceptIds: [1, 2, 9] }, 2)).toEqual(['focused', 'one-of-one']);
  });

  it('ties equal ratios exactly and lets shared fields, then recency, decide', () => {
    const idf: Record<number, number> = { 1: 2, 2: 2, 3: 1 };
    const index = new CandidateIndex([
      // 2²/1 = 4 and 4²/4 = 4: tied.
      need('small', { conceptIds: [1], fieldIds: [], publishedAtMicros: NOW + 1 }),
      need('large', { conceptIds: [1, 2, 7, 8], fieldIds: [10] }),
      need('large-older', { conceptIds: [1, 2, 7, 8], fieldIds: [], publishedAtMicros: NOW - 1 }),
    ]);
    expect(ids(index, { ...anOffer, conceptIds: [1, 2, 3] }, 10, (id) => idf[id])).toEqual(['large', 'small', 'large-older']);
    expect(ids(index, { ...anOffer, conceptIds: [1, 2, 3] }, 2, (id) => idf[id])).toEqual(['large', 'small']);
  });

  it('keeps the top `limit` by concept, and fills up by field only with profiles sharing no concept', () => {
    const index = new CandidateIndex([
      need('a', { conceptIds: [1], fieldIds: [10] }),
      need('b', { conceptIds: [1], fieldIds: [10], minTrl: 9 }),
      need('c', { conceptIds: [3], fieldIds: [10, 11] }),
      need('d', { conceptIds: [3], fieldIds: [10] }),
      need('e', { conceptIds: [4], fieldIds: [12] }),
    ]);
    // b shares a concept but fails the TRL gate: the field fill-up must not bring it back.
    expect(ids(index, { ...anOffer, fieldIds: [10, 11] })).toEqual(['a', 'c', 'd']);
    expect(ids(index, { ...anOffer, fieldIds: [10, 11] }, 2)).toEqual(['a', 'c']);
    expect(ids(index, { ...anOffer, conceptIds: [], fieldIds: [10] })).toEqual(['d', 'c', 'a']);
    expect(ids(index, { ...anOffer, fieldIds: [] })).toEqual(['a']);
  });

  it('answers a second query alike (its scratch space is reset)', () => {
    const index = new CandidateIndex([need('a'), need('b', { conceptIds: [1, 2] })]);
    const first = index.findCandidateRefs({ ...anOffer, conceptIds: [1, 2] }, 10);
    expect(index.findCandidateRefs({ ...anOffer, conceptIds: [1, 2] }, 10)).toEqual(first);
    expect(first).toEqual([
      { id: 'b', revision: 1, language: 'th' },
      { id: 'a', revision: 1, language: 'th' },
    ]);
  });

  it('matches a direct reading of the SQL on random profiles', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const some = <T>(items: readonly T[], max: number) => [...new Set(Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(items)))];
    const concepts = Array.from({ length: 12 }, (_, i) => i + 1);
    const fields = [10, 11, 12, 13];
    const modes = ['licensing', 'joint-rd', 'joint-venture'];
    const countries = ['CN', 'TH', 'VN'];
    const parties = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const profiles: CandidateProfile[] = Array.from({ length: 400 }, (_, i) => ({
      listingId: `id-${String(Math.floor(random() * 1e6)).padStart(6, '0')}-${i}`,
      kind: random() < 0.5 ? 'offer' : 'need',
      partyId: pick(parties),
      partyCountry: pick(countries),
      language: 'en',
      // Sometimes a concept twice: the SQL's cardinality counts it twice, its overlap once.
      conceptIds: random() < 0.1 ? [...some(concepts, 4), 1] : some(concepts, 4),
      fieldIds: some(fields, 2),
      trl: random() < 0.2 ? null : 1 + Math.floor(random() * 9),
      minTrl: random() < 0.3 ? null : 1 + Math.floor(random() * 9),
      transferModes: some(modes, 2),
      targetCountries: random() < 0.7 ? [] : some(countries, 2),
      revision: 1,
      publishedAtMicros: random() < 0.05 ? null : NOW - Math.floor(random() * 20),
    }));
    const idf = (id: number) => 1 + (id % 5) * 1.3;
    const index = new CandidateIndex(profiles);
    for (let q = 0; q < 200; q++) {
      const query: CandidateQuery = {
        kind: random() < 0.5 ? 'offer' : 'need',
        partyId: pick(parties),
        partyCountry: pick(countries),
        conceptIds: some(concepts, 5),
        fieldIds: some(fields, 2),
        trl: random() < 0.2 ? null : 1 + Math.floor(random() * 9),
        minTrl: random() < 0.3 ? null : 1 + Math.floor(random() * 9),
        transferModes: some(modes, 2),
        targetCountries: random() < 0.7 ? [] : some(countries, 2),
      };
      const limit = pick([3, 10, 50]);
      expect(ids(index, query, limit, idf)).toEqual(sqlReading(profiles, query, limit, idf));
    }
  });
});

/** The candidate SQL read literally, one profile at a time: the index must agree with it. */
function sqlReading(profiles: CandidateProfile[], listing: CandidateQuery, limit: number, idf: (id: number) => number): string[] {
  const tiers = conceptWeightTiers(listing.conceptIds, idf);
  const weightOf = (p: CandidateProfile) => tiers.reduce((sum, tier) => sum + tier.weight * tier.conceptIds.filter((id) => p.conceptIds.includes(id)).length, 0);
  const fieldsOf = (p: CandidateProfile) => new Set(p.fieldIds.filter((id) => listing.fieldIds.includes(id))).size;
  const isOffer = listing.kind === 'offer';
  const passes = (p: CandidateProfile) =>
    p.kind !== listing.kind &&
    p.partyId !== listing.partyId &&
    (isOffer
      ? (p.minTrl === null || listing.trl === null || listing.trl >= p.minTrl) && (p.targetCountries.length === 0 || p.targetCountries.includes(listing.partyCountry))
      : (p.trl === null || listing.minTrl === null || p.trl >= listing.minTrl) && (listing.targetCountries.length === 0 || listing.targetCountries.includes(p.partyCountry))) &&
    (p.transferModes.length === 0 || listing.transferModes.length === 0 || p.transferModes.some((mode) => listing.transferModes.includes(mode)));
  const sharesConcept = (p: CandidateProfile) => p.conceptIds.some((id) => listing.conceptIds.includes(id));
  const order = (a: CandidateProfile, b: CandidateProfile) => {
    // (wb² / kb) - (wa² / ka) compared exactly, in integers, whatever the floating point does.
    const byWeight = weightOf(b) ** 2 * Math.max(1, a.conceptIds.length) - weightOf(a) ** 2 * Math.max(1, b.conceptIds.length) || fieldsOf(b) - fieldsOf(a);
    if (byWeight) return byWeight;
    if (a.publishedAtMicros !== b.publishedAtMicros) {
      if (a.publishedAtMicros === null) return -1;
      if (b.publishedAtMicros === null) return 1;
      return b.publishedAtMicros - a.publishedAtMicros;
    }
    return a.listingId < b.listingId ? 1 : -1;
  };
  const byConcept = listing.conceptIds.length ? profiles.filter((p) => passes(p) && sharesConcept(p)).sort(order).slice(0, limit) : [];
  if (byConcept.length >= limit || listing.fieldIds.length === 0) return byConcept.map((p) => p.listingId);
  const byField = profiles.filter((p) => passes(p) && !sharesConcept(p) && fieldsOf(p) > 0).sort(order).slice(0, limit - byConcept.length);
  return [...byConcept, ...byField].map((p) => p.listingId);
}
