import type { PreparedListing } from './match-score';
import { PreparedListings } from './prepared-listings';
import type { ScoringContext } from './scoring-context';

const prepared = (id: string) => ({ features: { id } }) as unknown as PreparedListing;

describe('PreparedListings', () => {
  const context = {} as ScoringContext;

  it('returns a listing at or above the asked revision, and misses an older one', () => {
    const features = new PreparedListings(context);
    features.set('a', 2, prepared('a'));
    expect(features.get('a', 1)).toBeDefined();
    expect(features.get('a', 2, true)).toBeDefined();
    expect(features.get('a', 3)).toBeUndefined();
    expect(features.get('b', 1)).toBeUndefined();
  });

  it('misses a listing held without its words when the caller needs them, and keeps the words when it is read again without', () => {
    const features = new PreparedListings(context);
    features.set('a', 1, prepared('a'), false);
    expect(features.get('a', 1)).toBeDefined();
    expect(features.get('a', 1, true)).toBeUndefined();
    const withWords = prepared('a');
    features.set('a', 1, withWords, true);
    features.set('a', 1, prepared('a'), false);
    expect(features.get('a', 1, true)).toBe(withWords);
    features.set('a', 2, prepared('a'), false);
    expect(features.get('a', 2, true)).toBeUndefined();
  });

  it('keeps every listing it is given, with the context that prepared them', () => {
    const features = new PreparedListings(context);
    for (let i = 0; i < 1000; i++) features.set(`l${i}`, 1, prepared(`l${i}`));
    expect(features.size).toBe(1000);
    expect(features.get('l0', 1)).toBeDefined();
    expect(features.context).toBe(context);
  });
});
