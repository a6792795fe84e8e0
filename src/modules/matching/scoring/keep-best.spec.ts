import type { Sector } from '../taxonomy/taxonomy.types';
import { keepBestCounterparts } from './keep-best';
import type { ListingFeatures } from './listing-features';
import { matchScoreValue, matchScoreValueIfCounts, prepareFeatures, type PreparedListing } from './match-score';
import { idfLookup, type ScoringContext } from './scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from './scoring-weights';
import { seededRandom } from '../../../../bench/support/seeded-random';

const SECTOR_OF_FIELD: Sector[] = ['sustainable-development', 'health', 'digital'];
const LANGUAGES = ['en', 'zh', 'th', 'id', 'ms', 'vi', ''];
const COUNTRIES = ['CN', 'TH', 'VN', 'ID', 'MY', 'US'];
const MODES = ['licensing', 'joint-rd', 'equipment-supply', 'investment'];
// A small vocabulary, so same-language pairs share words often and text decides many rankings.
const WORDS = Array.from({ length: 60 }, (_, i) => `w${i}`);

function randomContext(random: () => number): ScoringContext {
  const conceptDf = new Map(Array.from({ length: 30 }, (_, i) => [i, Math.floor(random() * 900)] as [number, number]));
  const termIdf = new Map(WORDS.map((word) => [word, 1 + random() * 4]));
  return {
    conceptIdf: idfLookup(conceptDf, 1000),
    termIdf: (language, term) => (language === 'zh' ? undefined : termIdf.get(term)),
    fieldSector: (fieldId) => SECTOR_OF_FIELD[fieldId % 3],
    conceptField: (conceptId) => Math.floor(conceptId / 5),
    weights: DEFAULT_SCORING_WEIGHTS,
  };
}

function pick<T>(random: () => number, values: readonly T[], max: number): T[] {
  return Array.from({ length: Math.floor(random() * (max + 1)) }, () => values[Math.floor(random() * values.length)]);
}

function randomListing(random: () => number, kind: 'offer' | 'need', id: number): ListingFeatures {
  const termFrequencies: Record<string, number> = {};
  for (const word of pick(random, WORDS, 25)) termFrequencies[word] = (termFrequencies[word] ?? 0) + 1;
  const level = () => (random() < 0.3 ? null : 1 + Math.floor(random() * 9));
  return {
    id: `${kind}-${id}`,
    kind,
    partyId: `party-${Math.floor(random() * 20)}`,
    partyCountry: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
    language: LANGUAGES[Math.floor(random() * LANGUAGES.length)],
    sector: SECTOR_OF_FIELD[Math.floor(random() * 3)],
    fieldIds: pick(random, [0, 1, 2, 3, 4, 5], 2),
    conceptIds: pick(random, Array.from({ length: 30 }, (_, i) => i), 5),
    termFrequencies,
    trl: kind === 'offer' ? level() : null,
    minTrl: kind === 'need' ? level() : null,
    // Now and then a repeated mode, which scoring counts twice.
    transferModes: random() < 0.1 ? pick(random, MODES, 3) : [...new Set(pick(random, MODES, 2))],
    targetCountries: random() < 0.2 ? [...new Set(pick(random, COUNTRIES, 2))] : [],
  };
}

/** What keepBest did before the bound: score every counterpart, keep those at the threshold, stable sort, cut. */
function keepBestExhaustively(self: PreparedListing, counterparts: PreparedListing[], context: ScoringContext, limit: number, minScore: number) {
  const isOffer = self.features.kind === 'offer';
  return counterparts
    .map((other) => ({ other, score: isOffer ? matchScoreValue(self, other, context) : matchScoreValue(other, self, context) }))
    .filter((pair) => pair.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

describe('keepBestCounterparts', () => {
  it.each([1, 2, 3, 4])('keeps exactly the pairs and scores exhaustive scoring keeps (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const context = randomContext(random);
    let id = 0;
    for (let round = 0; round < 16; round++) {
      const selfKind = round % 2 === 0 ? 'offer' : 'need';
      const self = prepareFeatures(randomListing(random, selfKind, id++), context);
      const counterparts = Array.from({ length: 300 }, () => prepareFeatures(randomListing(random, selfKind === 'offer' ? 'need' : 'offer', id++), context));
      // Duplicates make exact ties, which must keep retrieval order.
      counterparts.push(...counterparts.slice(0, 30));
      for (const limit of [1, 5, 20, 1000]) {
        for (const minScore of [0, 0.15, 0.4]) {
          const expected = keepBestExhaustively(self, counterparts, context, limit, minScore);
          const kept = keepBestCounterparts(self, counterparts, context, { limit, minScore });
          expect(kept.map((pair) => [pair.other.features.id, pair.score])).toEqual(expected.map((pair) => [pair.other.features.id, pair.score]));
          expect(kept.map((pair) => counterparts.indexOf(pair.other))).toEqual(expected.map((pair) => counterparts.indexOf(pair.other)));
        }
      }
    }
  });

  it('keeps nothing for a limit of zero', () => {
    const random = seededRandom(99);
    const context = randomContext(random);
    const self = prepareFeatures(randomListing(random, 'offer', 0), context);
    expect(keepBestCounterparts(self, [prepareFeatures(randomListing(random, 'need', 1), context)], context, { limit: 0, minScore: 0 })).toEqual([]);
  });
});

describe('matchScoreValueIfCounts', () => {
  it('returns the score when the pair may count, and otherwise a bound at or above the score', () => {
    const random = seededRandom(7);
    const context = randomContext(random);
    let bounded = 0;
    for (let i = 0; i < 3000; i++) {
      const offer = prepareFeatures(randomListing(random, 'offer', i), context);
      const need = prepareFeatures(randomListing(random, 'need', i), context);
      const score = matchScoreValue(offer, need, context);
      const floor = random() * 0.8;
      const counts = (s: number) => s > floor;
      const value = matchScoreValueIfCounts(offer, need, context, counts);
      if (counts(value)) {
        expect(value).toBe(score);
      } else {
        expect(counts(score)).toBe(false);
        expect(value).toBeGreaterThanOrEqual(score);
        if (value !== score) bounded++;
      }
    }
    // The bound is only worth having if it cuts off pairs before their text is compared.
    expect(bounded).toBeGreaterThan(100);
  });

  it('scores listings prepared with two contexts (two word dictionaries) as if prepared with one', () => {
    const random = seededRandom(11);
    const context = randomContext(random);
    const twin: ScoringContext = { ...context };
    for (let i = 0; i < 500; i++) {
      const offer = randomListing(random, 'offer', i);
      const need = randomListing(random, 'need', i);
      const together = matchScoreValue(prepareFeatures(offer, context), prepareFeatures(need, context), context);
      expect(matchScoreValue(prepareFeatures(offer, context), prepareFeatures(need, twin), context)).toBeCloseTo(together, 12);
    }
  });
});
