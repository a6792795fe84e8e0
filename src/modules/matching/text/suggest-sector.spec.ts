import { createTaxonomyLookup } from '../taxonomy/taxonomy.loader';
import { suggestSector } from './suggest-sector';
import { fixtureTaxonomy } from './taxonomy.fixture';

const lookup = createTaxonomyLookup(fixtureTaxonomy());
const suggest = (counts: Record<number, number>) => suggestSector(new Map(Object.entries(counts).map(([k, v]) => [Number(k), v])), lookup);

describe('suggestSector', () => {
  it.each([
    ['nothing found', {}],
    ['only unknown concepts', { 9999: 3 }],
  ])('returns null for %s', (_name, counts) => {
    expect(suggest(counts)).toBeNull();
  });

  it.each([
    ['one concept', { 2000: 1 }, 'health', undefined],
    ['two digital concepts beat one repeated health concept', { 3000: 1, 3002: 1, 2000: 2 }, 'digital', 'health'],
    ['many sustainable-development mentions', { 1000: 5, 1001: 2 }, 'sustainable-development', undefined],
  ] as const)('%s -> %s', (_name, counts, sector, runnerUp) => {
    const s = suggest(counts)!;
    expect(s.sector).toBe(sector);
    expect(s.runnerUp?.sector).toBe(runnerUp);
    expect(s.confidence).toBeGreaterThan(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
    if (s.runnerUp) expect(s.runnerUp.confidence).toBeLessThan(s.confidence);
  });

  it('is more confident with more evidence and less with a mixed picture', () => {
    const one = suggest({ 3000: 1 })!.confidence;
    const three = suggest({ 3000: 1, 3001: 1, 3002: 1 })!.confidence;
    const mixed = suggest({ 3000: 1, 3001: 1, 2000: 1 })!.confidence;
    expect(one).toBeLessThan(0.5);
    expect(three).toBeGreaterThan(0.7);
    expect(mixed).toBeLessThan(three);
  });
});
