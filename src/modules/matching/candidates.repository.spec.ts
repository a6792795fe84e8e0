import { weightedOverlap } from './candidates.repository';

describe('weightedOverlap', () => {
  it('groups concepts by rounded IDF, heaviest tier first, merging beyond three tiers into the lightest kept', () => {
    const idf: Record<number, number> = { 1: 7.2, 2: 6.8, 3: 5.1, 4: 3.9, 5: 1.2 };
    expect(weightedOverlap([1, 2, 3, 4, 5], (id) => idf[id])).toEqual([
      "(7 * icount(p.concept_ids & '{1,2}'::int[]) + 5 * icount(p.concept_ids & '{3}'::int[]) + 4 * icount(p.concept_ids & '{4,5}'::int[]))",
    ]);
  });

  it('gives no sort key for a listing without concepts, and refuses a weight that is not a number', () => {
    expect(weightedOverlap([], () => 1)).toEqual([]);
    expect(() => weightedOverlap([1], () => NaN)).toThrow(/no usable weight/);
  });
});
