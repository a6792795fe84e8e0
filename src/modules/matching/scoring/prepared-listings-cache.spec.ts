import type { PreparedListing } from './match-score';
import { PreparedListingsCache } from './prepared-listings-cache';

const prepared = (id: string) => ({ features: { id } }) as unknown as PreparedListing;

describe('PreparedListingsCache', () => {
  const context = {};

  it('returns an entry at or above the asked revision, and misses an older one', () => {
    const cache = new PreparedListingsCache(10);
    cache.useContext(context);
    cache.set('a', 2, prepared('a'));
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('a', 2)).toBeDefined();
    expect(cache.get('a', 3)).toBeUndefined();
  });

  it('misses an entry prepared without its words when the caller needs them', () => {
    const cache = new PreparedListingsCache(10);
    cache.useContext(context);
    cache.set('a', 1, prepared('a'), false);
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('a', 1, true)).toBeUndefined();
    cache.set('a', 1, prepared('a'), true);
    expect(cache.get('a', 1, true)).toBeDefined();
  });

  it('evicts the least recently used entry first', () => {
    const cache = new PreparedListingsCache(2);
    cache.useContext(context);
    cache.set('a', 1, prepared('a'));
    cache.set('b', 1, prepared('b'));
    cache.get('a', 1);
    cache.set('c', 1, prepared('c'));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('is emptied when the scoring context changes, and keeps nothing with capacity 0', () => {
    const cache = new PreparedListingsCache(5);
    cache.useContext(context);
    cache.set('a', 1, prepared('a'));
    cache.useContext(context);
    expect(cache.get('a', 1)).toBeDefined();
    cache.useContext({});
    expect(cache.get('a', 1)).toBeUndefined();
    const none = new PreparedListingsCache(0);
    none.set('a', 1, prepared('a'));
    expect(none.size).toBe(0);
  });
});
