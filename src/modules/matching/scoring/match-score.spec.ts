import { SECTORS, type Sector } from '../taxonomy/taxonomy.types';
import { regionOf, type ListingFeatures } from './listing-features';
import { hardGateFailures, matchScoreValue, passesHardGates, prepareFeatures, scoreMatch } from './match-score';
import { computeIdf, idfLookup, termIdfLookup, type ScoringContext } from './scoring-context';
import { DEFAULT_SCORING_WEIGHTS, FACTOR_NAMES, validateScoringWeights } from './scoring-weights';
import { seededRandom } from '../../../../bench/support/seeded-random';

/*
 * A miniature taxonomy: field f holds concepts f*10 .. f*10+9; fields 1-9 are sustainable
 * development, 11-19 health, 21-29 digital.
 */
const sectorOfField = (fieldId: number): Sector | undefined =>
  fieldId < 10 ? 'sustainable-development' : fieldId < 20 ? 'health' : fieldId < 30 ? 'digital' : undefined;

function makeContext(conceptDf: Map<number, number> = new Map(), totalDocs = 1000): ScoringContext {
  return {
    conceptIdf: idfLookup(conceptDf, totalDocs),
    termIdf: () => undefined,
    fieldSector: sectorOfField,
    conceptField: (conceptId) => Math.floor(conceptId / 10),
    weights: DEFAULT_SCORING_WEIGHTS,
  };
}

const context = makeContext();

let nextId = 0;
function listing(kind: 'offer' | 'need', overrides: Partial<ListingFeatures> = {}): ListingFeatures {
  nextId++;
  return {
    id: `${kind}-${nextId}`,
    kind,
    partyId: `party-${kind}-${nextId}`,
    partyCountry: kind === 'offer' ? 'CN' : 'TH',
    language: 'en',
    sector: 'sustainable-development',
    fieldIds: [],
    conceptIds: [],
    termFrequencies: {},
    trl: null,
    minTrl: null,
    transferModes: [],
    targetCountries: [],
    ...overrides,
  };
}
const offer = (o: Partial<ListingFeatures> = {}) => listing('offer', o);
const need = (o: Partial<ListingFeatures> = {}) => listing('need', o);

const factor = (s: ReturnType<typeof scoreMatch>, name: string) => {
  const f = s.factors.find((x) => x.name === name);
  if (!f) throw new Error(`no factor ${name}`);
  return f;
};

// Photovoltaics (11, 12) in field 1; a Chinese offer and a Thai need share no token.
const pvOfferZh = offer({
  language: 'zh',
  fieldIds: [1],
  conceptIds: [11, 12],
  conceptCounts: { 11: 3, 12: 1 },
  termFrequencies: { 光伏: 3, 组件: 2, 逆变器: 1 },
  trl: 7,
  transferModes: ['licensing'],
});
const pvNeedTh = need({
  language: 'th',
  fieldIds: [1],
  conceptIds: [11, 12],
  termFrequencies: { เซลล์แสงอาทิตย์: 2, พลังงาน: 1 },
  minTrl: 6,
  transferModes: ['licensing', 'joint-venture'],
});

describe('scoreMatch: topical relevance', () => {
  const unrelatedOffer = offer({
    language: 'th',
    fieldIds: [5],
    conceptIds: [51, 52],
    termFrequencies: { ข้าว: 2, ชลประทาน: 1 },
    trl: 7,
    transferModes: ['licensing'],
  });
  const digitalOffer = offer({
    sector: 'digital',
    fieldIds: [21],
    conceptIds: [211, 212],
    termFrequencies: { blockchain: 2, ledger: 1 },
    trl: 8,
    transferModes: ['licensing'],
  });
  const healthNeed = need({
    sector: 'health',
    fieldIds: [11],
    conceptIds: [111, 112],
    termFrequencies: { vaccine: 2, cold: 1, chain: 1 },
    minTrl: 5,
    transferModes: ['licensing'],
  });

  it.each([
    { name: 'same concepts across zh/th, no common token', o: pvOfferZh, n: pvNeedTh, min: 0.85, max: 1 },
    { name: 'nothing in common, same sector', o: unrelatedOffer, n: pvNeedTh, min: 0, max: 0.4 },
    { name: 'digital offer, health need, nothing in common', o: digitalOffer, n: healthNeed, min: 0, max: 0.1 },
  ])('$name scores in [$min, $max]', ({ o, n, min, max }) => {
    const { score } = scoreMatch(o, n, context);
    expect(score).toBeGreaterThanOrEqual(min);
    expect(score).toBeLessThanOrEqual(max);
  });

  it('ranks the cross-language same-topic pair well above the unrelated pair', () => {
    const related = scoreMatch(pvOfferZh, pvNeedTh, context).score;
    const unrelated = scoreMatch(unrelatedOffer, pvNeedTh, context).score;
    expect(related).toBeGreaterThan(unrelated + 0.5);
  });

  it('names the shared concepts, rarest (highest IDF) first, and the shared fields', () => {
    const ctx = makeContext(
      new Map([
        [11, 400],
        [12, 3],
      ]),
    );
    const s = scoreMatch(
      offer({ conceptIds: [11, 12], fieldIds: [1, 2] }),
      need({ conceptIds: [12, 11, 13], fieldIds: [1] }),
      ctx,
    );
    expect(s.sharedConceptIds).toEqual([12, 11]);
    expect(s.sharedFieldIds).toEqual([1]);
  });

  describe('closeness falls step by step', () => {
    const base = need({ conceptIds: [31, 32], fieldIds: [3] });
    const steps = [
      { name: 'same concepts', conceptIds: [31, 32], fieldIds: [3], sector: 'sustainable-development' },
      { name: 'other concepts in the same field', conceptIds: [35, 36], fieldIds: [3], sector: 'sustainable-development' },
      { name: 'another field of the same sector', conceptIds: [41, 42], fieldIds: [4], sector: 'sustainable-development' },
      { name: 'a related sector (digital)', conceptIds: [231, 232], fieldIds: [23], sector: 'digital' },
      { name: 'an unrelated sector (health)', conceptIds: [131, 132], fieldIds: [13], sector: 'health' },
    ] as const;
    const score = (s: (typeof steps)[number]) =>
      matchScoreValue(offer({ conceptIds: [...s.conceptIds], fieldIds: [...s.fieldIds], sector: s.sector }), base, context);

    it.each(steps.slice(1).map((farther, i) => ({ closer: steps[i], farther })))(
      '$closer.name > $farther.name',
      ({ closer, farther }) => {
        expect(score(closer)).toBeGreaterThan(score(farther));
      },
    );
  });

  it.each([
    { name: 'same concepts', conceptIds: [31, 32], min: 0.9999, max: 1 },
    { name: 'other concepts of the same field', conceptIds: [35, 36], min: 0.2, max: 0.5 },
    { name: 'concepts of another field', conceptIds: [41, 42], min: 0, max: 0 },
  ])('concept factor gives partial credit within a field: $name', ({ conceptIds, min, max }) => {
    // Same field ids on both sides, so only the concept factor tells these rows apart.
    const s = scoreMatch(offer({ conceptIds, fieldIds: [3] }), need({ conceptIds: [31, 32], fieldIds: [3] }), context);
    expect(factor(s, 'concepts').rawValue).toBeGreaterThanOrEqual(min);
    expect(factor(s, 'concepts').rawValue).toBeLessThanOrEqual(max);
  });

  it('counts repeated concepts sublinearly', () => {
    // Without field credit the concept factor is the plain weighted cosine.
    const exactOnly: ScoringContext = { ...context, conceptField: () => undefined };
    const n = need({ conceptIds: [11, 12] });
    const repeated = offer({ conceptIds: [11, 12], conceptCounts: { 11: 20, 12: 1 } });
    const value = factor(scoreMatch(repeated, n, exactOnly), 'concepts').rawValue;
    // Linear counts would give (20 + 1) / (sqrt(401) * sqrt(2)) = 0.74.
    expect(value).toBeGreaterThan(0.8);
    expect(value).toBeLessThan(1);
    const n11 = need({ conceptIds: [11] });
    const favours11 = factor(scoreMatch(repeated, n11, exactOnly), 'concepts').rawValue;
    const favours12 = factor(
      scoreMatch(offer({ conceptIds: [11, 12], conceptCounts: { 11: 1, 12: 20 } }), n11, exactOnly),
      'concepts',
    ).rawValue;
    expect(favours11).toBeGreaterThan(favours12);
  });

  it('does not reward a listing for dumping many concepts', () => {
    const n = need({ conceptIds: [11, 12], fieldIds: [1] });
    const focused = offer({ conceptIds: [11, 12], fieldIds: [1] });
    const dumped = offer({
      conceptIds: [11, 12, ...Array.from({ length: 40 }, (_, i) => 50 + i * 3)],
      fieldIds: [1],
    });
    expect(factor(scoreMatch(dumped, n, context), 'concepts').value).toBeLessThan(
      factor(scoreMatch(focused, n, context), 'concepts').value / 2,
    );
    expect(matchScoreValue(dumped, n, context)).toBeLessThan(matchScoreValue(focused, n, context));
  });

  it('scores the same whether given raw or prepared features', () => {
    const raw = scoreMatch(pvOfferZh, pvNeedTh, context);
    const prep = scoreMatch(prepareFeatures(pvOfferZh, context), prepareFeatures(pvNeedTh, context), context);
    expect(prep).toEqual(raw);
    expect(matchScoreValue(pvOfferZh, pvNeedTh, context)).toBe(raw.score);
  });
});

describe('scoreMatch: text', () => {
  const topic = { fieldIds: [2], conceptIds: [21], sector: 'sustainable-development' as const };

  it.each([
    { name: 'languages differ', offerLang: 'zh', needLang: 'th', redistributed: true },
    { name: 'same language', offerLang: 'en', needLang: 'en-GB', redistributed: false },
    { name: 'language unknown', offerLang: 'und', needLang: 'und', redistributed: true },
    { name: 'Indonesian and Malay (one language, two standards)', offerLang: 'id', needLang: 'ms', redistributed: false },
    { name: 'Malay and Thai', offerLang: 'ms', needLang: 'th', redistributed: true },
  ])('text weight when $name', ({ offerLang, needLang, redistributed }) => {
    const s = scoreMatch(
      offer({ ...topic, language: offerLang, termFrequencies: { battery: 2, storage: 1 } }),
      need({ ...topic, language: needLang, termFrequencies: { battery: 1, grid: 1 } }),
      context,
    );
    const sectorWeights = DEFAULT_SCORING_WEIGHTS.sectors['sustainable-development'];
    const scale = redistributed ? 1 / (1 - sectorWeights.text) : 1;
    for (const f of s.factors) {
      const expected = f.name === 'text' && redistributed ? 0 : sectorWeights[f.name] * scale;
      expect(f.weight).toBeCloseTo(expected, 4);
    }
    expect(s.factors.reduce((sum, f) => sum + f.weight, 0)).toBeCloseTo(1, 3);
  });

  it('does not penalise a cross-language pair against the same pair in one language', () => {
    const o = { ...topic, termFrequencies: { battery: 2, storage: 1 } };
    const n = { ...topic, termFrequencies: { battery: 1, grid: 1 } };
    const same = matchScoreValue(offer({ ...o, language: 'en' }), need({ ...n, language: 'en' }), context);
    const cross = matchScoreValue(offer({ ...o, language: 'zh' }), need({ ...n, language: 'vi' }), context);
    expect(cross).toBeGreaterThanOrEqual(same);
  });

  it.each<{ name: string; a: Record<string, number>; b: Record<string, number>; min: number; max: number }>([
    { name: 'identical texts', a: { solar: 2, pump: 1 }, b: { solar: 2, pump: 1 }, min: 0.9999, max: 1 },
    { name: 'some shared terms', a: { solar: 2, pump: 1 }, b: { solar: 1, well: 3 }, min: 0.1, max: 0.9 },
    { name: 'no shared term', a: { solar: 2 }, b: { wind: 1 }, min: 0, max: 0 },
  ])('TF-IDF cosine: $name', ({ a, b, min, max }) => {
    const v = factor(scoreMatch(offer({ termFrequencies: a }), need({ termFrequencies: b }), context), 'text').value;
    expect(v).toBeGreaterThanOrEqual(min);
    expect(v).toBeLessThanOrEqual(max);
  });

  it('weighs rare terms above common ones', () => {
    const ctx: ScoringContext = { ...context, termIdf: (_lang, term) => (term === 'common' ? 1 : 8) };
    const n = need({ termFrequencies: { common: 1, rare: 1 } });
    const sharesRare = factor(scoreMatch(offer({ termFrequencies: { rare: 1, x: 1 } }), n, ctx), 'text').value;
    const sharesCommon = factor(scoreMatch(offer({ termFrequencies: { common: 1, x: 1 } }), n, ctx), 'text').value;
    expect(sharesRare).toBeGreaterThan(sharesCommon);
  });
});

describe('scoreMatch: practical factors', () => {
  const topic = { fieldIds: [1], conceptIds: [11, 12] };

  it.each([
    { offerCountry: 'CN', needCountry: 'TH', rank: 0 },
    { offerCountry: 'VN', needCountry: 'CN', rank: 0 },
    { offerCountry: 'VN', needCountry: 'TH', rank: 1 },
    { offerCountry: 'TH', needCountry: 'TH', rank: 2 },
    { offerCountry: 'CN', needCountry: 'CN', rank: 2 },
    { offerCountry: 'DE', needCountry: 'TH', rank: 3 },
  ])('geography $offerCountry -> $needCountry has rank $rank', ({ offerCountry, needCountry, rank }) => {
    const score = (oc: string, nc: string) =>
      matchScoreValue(offer({ ...topic, partyCountry: oc }), need({ ...topic, partyCountry: nc }), context);
    const byRank = [score('CN', 'TH'), score('VN', 'TH'), score('TH', 'TH'), score('DE', 'TH')];
    const mine = score(offerCountry, needCountry);
    expect(mine).toBe(byRank[rank]);
    for (let r = 0; r < byRank.length; r++) {
      if (r < rank) expect(mine).toBeLessThan(byRank[r]);
      if (r > rank) expect(mine).toBeGreaterThan(byRank[r]);
    }
  });

  it.each([
    { name: 'TRL meets minimum', trl: 7, minTrl: 6, value: 1 },
    { name: 'no minimum', trl: 2, minTrl: null, value: 1 },
    { name: 'TRL unknown', trl: null, minTrl: 6, value: 0.5 },
    { name: 'TRL below minimum', trl: 3, minTrl: 6, value: 0 },
  ])('readiness raw value: $name', ({ trl, minTrl, value }) => {
    const s = scoreMatch(offer({ ...topic, trl }), need({ ...topic, minTrl }), context);
    expect(factor(s, 'readiness').rawValue).toBe(value);
  });

  it.each([
    { name: 'one of one in common', o: ['licensing'], n: ['licensing'], value: 1 },
    { name: 'one of three in common', o: ['licensing', 'sale'], n: ['licensing', 'joint-venture'], value: 0.8 },
    { name: 'none in common', o: ['sale'], n: ['licensing'], value: 0 },
    { name: 'offer unspecified', o: [], n: ['licensing'], value: 0.5 },
    { name: 'need unspecified', o: ['licensing'], n: [], value: 0.5 },
    { name: 'two of two in common', o: ['sale', 'licensing'], n: ['licensing', 'sale'], value: 1 },
    // A repeated mode counts twice (common 2, union 2 + 1 - 2, so above 1 before clamping): lists are compared as lists, not as sets.
    { name: 'a mode repeated', o: ['licensing', 'licensing'], n: ['licensing'], value: 1.3 },
    { name: 'a mode repeated beside another', o: ['licensing', 'licensing', 'sale'], n: ['licensing', 'joint-venture'], value: 0.7 + 0.3 * (2 / 3) },
  ])('transfer mode raw value: $name', ({ o, n, value }) => {
    const s = scoreMatch(offer({ ...topic, transferModes: o }), need({ ...topic, transferModes: n }), context);
    expect(factor(s, 'transferMode').rawValue).toBeCloseTo(value, 4);
  });

  it('lets practical fit reorder relevant candidates but not lift an irrelevant one', () => {
    const n = need({ ...topic, minTrl: 6, transferModes: ['licensing'] });
    const relevantPoorFit = offer({ ...topic, partyCountry: 'DE', trl: null, transferModes: [] });
    const irrelevantPerfectFit = offer({ fieldIds: [15], conceptIds: [151], sector: 'health', trl: 9, transferModes: ['licensing'] });
    expect(matchScoreValue(relevantPoorFit, n, context)).toBeGreaterThan(0.5);
    expect(matchScoreValue(irrelevantPerfectFit, n, context)).toBeLessThan(0.1);
  });

  it('uses the need sector weights', () => {
    const s = scoreMatch(offer({ ...topic, sector: 'digital' }), need({ ...topic, sector: 'health' }), context);
    expect(s.sector).toBe('health');
    expect(factor(s, 'readiness').weight).toBeCloseTo(
      DEFAULT_SCORING_WEIGHTS.sectors.health.readiness / (1 - DEFAULT_SCORING_WEIGHTS.sectors.health.text),
      4,
    );
  });
});

describe('passesHardGates', () => {
  it.each([
    { name: 'all gates open', o: {}, n: {}, failures: [] },
    { name: 'offer TRL 3 vs need min 6', o: { trl: 3 }, n: { minTrl: 6 }, failures: ['readiness'] },
    { name: 'offer TRL 6 vs need min 6', o: { trl: 6 }, n: { minTrl: 6 }, failures: [] },
    { name: 'offer TRL unknown', o: { trl: null }, n: { minTrl: 6 }, failures: [] },
    { name: 'same party', o: { partyId: 'p1' }, n: { partyId: 'p1' }, failures: ['sameParty'] },
    { name: 'no mode in common', o: { transferModes: ['sale'] }, n: { transferModes: ['licensing'] }, failures: ['transferMode'] },
    { name: 'a mode in common', o: { transferModes: ['sale', 'licensing'] }, n: { transferModes: ['licensing'] }, failures: [] },
    { name: 'need modes empty', o: { transferModes: ['sale'] }, n: { transferModes: [] }, failures: [] },
    { name: 'target excludes offer country', o: { partyCountry: 'CN' }, n: { targetCountries: ['VN', 'TH'] }, failures: ['targetCountries'] },
    { name: 'target includes offer country', o: { partyCountry: 'cn' }, n: { targetCountries: ['CN'] }, failures: [] },
    { name: 'two gates fail', o: { trl: 2, partyId: 'p' }, n: { minTrl: 4, partyId: 'p' }, failures: ['sameParty', 'readiness'] },
  ])('$name', ({ o, n, failures }) => {
    const of = offer(o as Partial<ListingFeatures>);
    const nf = need(n as Partial<ListingFeatures>);
    expect(hardGateFailures(of, nf)).toEqual(failures);
    expect(passesHardGates(of, nf)).toBe(failures.length === 0);
  });

  it('rejects a pair given the wrong way round', () => {
    expect(hardGateFailures(need(), offer())).toContain('kinds');
  });
});

describe('scoreMatch invariants over random listings', () => {
  const random = seededRandom(20240501);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const some = <T>(xs: readonly T[], max: number): T[] => Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(xs));
  const conceptPool = Array.from({ length: 60 }, (_, i) => 10 + ((i * 7) % 280));
  const termPool = ['solar', 'pump', 'data', 'vaccine', 'grid', 'iot', '光伏', 'น้ำ', 'nước', 'air'];
  const countries = ['CN', 'TH', 'VN', 'ID', 'MY', 'SG', 'DE', 'US'];
  const modes = ['licensing', 'sale', 'joint-venture', 'training'];
  const languages = ['zh', 'en', 'th', 'vi', 'id', 'ms', 'und'];
  const trl = () => (random() < 0.2 ? null : 1 + Math.floor(random() * 9));
  const randomListing = (kind: 'offer' | 'need'): ListingFeatures => {
    const conceptIds = some(conceptPool, 12);
    return listing(kind, {
      partyId: pick(['a', 'b', 'c']),
      partyCountry: pick(countries),
      language: pick(languages),
      sector: pick(SECTORS),
      fieldIds: some([1, 2, 3, 11, 12, 21, 22, 27], 3),
      conceptIds,
      conceptCounts: Object.fromEntries(conceptIds.map((id) => [id, 1 + Math.floor(random() * 5)])),
      termFrequencies: Object.fromEntries(some(termPool, 8).map((t) => [t, 1 + Math.floor(random() * 4)])),
      trl: kind === 'offer' ? trl() : null,
      minTrl: kind === 'need' ? trl() : null,
      transferModes: some(modes, 3),
      targetCountries: random() < 0.5 ? [] : some(countries, 3),
    });
  };
  const ctx = makeContext(new Map(conceptPool.map((id) => [id, Math.floor(random() * 900)])), 1000);
  const cases = Array.from({ length: 1000 }, () => [randomListing('offer'), randomListing('need')] as const);

  it('keeps score, values and weights in range, and contributions sum exactly to the score', () => {
    let nonZero = 0;
    for (const [o, n] of cases) {
      const s = scoreMatch(o, n, ctx);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(Number.isInteger(Math.round(s.score * 1e4))).toBe(true);
      const units = s.factors.reduce((sum, f) => sum + Math.round(f.contribution * 1e4), 0);
      expect(units).toBe(Math.round(s.score * 1e4));
      expect(Math.abs(s.factors.reduce((sum, f) => sum + f.contribution, 0) - s.score)).toBeLessThan(1e-9);
      for (const f of s.factors) {
        expect(f.value).toBeGreaterThanOrEqual(0);
        expect(f.value).toBeLessThanOrEqual(1);
        expect(f.contribution).toBeGreaterThanOrEqual(0);
        // Each contribution is weight x value to within the 1e-4 rounding.
        expect(Math.abs(f.contribution - f.weight * f.value)).toBeLessThan(2e-4);
      }
      expect(s.factors.map((f) => f.name)).toEqual([...FACTOR_NAMES]);
      expect(s.algorithmVersion).toBe(DEFAULT_SCORING_WEIGHTS.algorithmVersion);
      if (s.score > 0) nonZero++;
    }
    // Guards against a generator so sparse the invariants were never exercised.
    expect(nonZero).toBeGreaterThan(500);
  });

  it('gives the same score without the explanation (the path keep-best and re-matches take)', () => {
    for (const [o, n] of cases) {
      const prepared = [prepareFeatures(o, ctx), prepareFeatures(n, ctx)] as const;
      expect(matchScoreValue(...prepared, ctx)).toBe(scoreMatch(o, n, ctx).score);
    }
  });

  it('is symmetric in the concept factor', () => {
    for (const [o, n] of cases.slice(0, 200)) {
      const forward = factor(scoreMatch(o, n, ctx), 'concepts').rawValue;
      const backward = factor(scoreMatch({ ...n, kind: 'offer' }, { ...o, kind: 'need' }, ctx), 'concepts').rawValue;
      expect(forward).toBeCloseTo(backward, 4);
    }
  });
});

describe('scoring weights', () => {
  it.each(SECTORS.map((sector) => ({ sector })))('$sector weights sum to 1', ({ sector }) => {
    const w = DEFAULT_SCORING_WEIGHTS.sectors[sector];
    expect(FACTOR_NAMES.reduce((sum, name) => sum + w[name], 0)).toBeCloseTo(1, 9);
  });

  /** A mutable copy, loosely typed on purpose: the cases break it in ways the real type forbids. */
  type WeightsDoc = { algorithmVersion: string; sectors: Record<string, Record<string, number>>; relatedSectors: string[][] };
  const valid = () => JSON.parse(JSON.stringify(DEFAULT_SCORING_WEIGHTS)) as WeightsDoc;
  it.each([
    { name: 'weights not summing to 1', mutate: (d: WeightsDoc) => (d.sectors.health.text = 0.5), error: /sum to/ },
    { name: 'a negative weight', mutate: (d: WeightsDoc) => (d.sectors.digital.geography = -0.1), error: /digital.geography/ },
    { name: 'a missing sector', mutate: (d: WeightsDoc) => delete d.sectors.health, error: /sectors.health/ },
    { name: 'an unknown factor', mutate: (d: WeightsDoc) => (d.sectors.health.price = 0), error: /not a known factor/ },
    { name: 'an unknown sector', mutate: (d: WeightsDoc) => (d.sectors.space = {}), error: /not a known sector/ },
    { name: 'an empty version', mutate: (d: WeightsDoc) => (d.algorithmVersion = ''), error: /algorithmVersion/ },
    { name: 'a sector related to itself', mutate: (d: WeightsDoc) => (d.relatedSectors = [['health', 'health']]), error: /relatedSectors/ },
  ])('rejects $name', ({ mutate, error }) => {
    const doc = valid();
    mutate(doc);
    expect(() => validateScoringWeights(doc)).toThrow(error);
  });

  it('accepts the shipped document', () => {
    expect(validateScoringWeights(valid())).toEqual(DEFAULT_SCORING_WEIGHTS);
  });
});

describe('computeIdf', () => {
  it.each([
    { df: 0, n: 1000 },
    { df: 1, n: 1000 },
    { df: 10, n: 1000 },
    { df: 999, n: 1000 },
    { df: 1000, n: 1000 },
  ])('df $df of $n is positive, finite and falls as df grows', ({ df, n }) => {
    const idf = computeIdf(df, n);
    expect(Number.isFinite(idf)).toBe(true);
    expect(idf).toBeGreaterThanOrEqual(1);
    if (df < n) expect(idf).toBeGreaterThan(computeIdf(df + 1, n));
  });

  it.each([
    { df: -3, n: 100, same: [0, 100] },
    { df: 500, n: 100, same: [100, 100] },
    { df: 0, n: 0, same: [0, 0] },
  ])('clamps df $df of $n', ({ df, n, same }) => {
    expect(computeIdf(df, n)).toBe(computeIdf(same[0], same[1]));
  });
});

describe('termIdfLookup', () => {
  const idf = termIdfLookup(
    [
      { language: 'th', docs: 100 },
      { language: 'zh', docs: 10 },
    ],
    [
      { language: 'th', term: 'ระบบ', df: 90 },
      { language: 'th', term: 'โซลาร์เซลล์', df: 3 },
      { language: 'zh', term: '系统', df: 9 },
    ],
  );

  it('weighs a word by its document frequency within its own language', () => {
    expect(idf('th', 'ระบบ')).toBeCloseTo(computeIdf(90, 100));
    expect(idf('th', 'โซลาร์เซลล์')!).toBeGreaterThan(idf('th', 'ระบบ')!);
    expect(idf('zh', '系统')).toBeCloseTo(computeIdf(9, 10));
  });

  it('gives a word the sample never saw the rarest weight of its language, and an unknown language nothing', () => {
    expect(idf('th', 'ทุเรียน')).toBe(computeIdf(0, 100));
    expect(idf('zh', 'ระบบ')).toBe(computeIdf(0, 10));
    expect(idf('km', 'ប្រព័ន្ធ')).toBeUndefined();
  });
});

describe('regionOf', () => {
  it.each([
    ['CN', 'china'],
    ['cn', 'china'],
    ...['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'].map((c) => [c, 'asean']),
    ['HK', 'other'],
    ['DE', 'other'],
    ['', 'other'],
  ])('%s -> %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });
});
