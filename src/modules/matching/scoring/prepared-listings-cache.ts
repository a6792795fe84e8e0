import type { PreparedListing } from './match-score';

/**
 * Prepared counterparts kept between scoring jobs: a full re-match fetches and prepares the same
 * popular listings thousands of times, and fetching their features costs more than scoring them.
 * Least recently used entries go first (a Map iterates in insertion order, so re-inserting on a
 * hit keeps the order). Prepared weights depend on the IDF tables, so the cache belongs to one
 * scoring context and is dropped with it.
 */
export class PreparedListingsCache<Context extends object> {
  private entries = new Map<string, { revision: number; prepared: PreparedListing; withTerms: boolean }>();
  private context: Context | null = null;

  constructor(private readonly capacity: number) {}

  /** Empties the cache when the scoring context it was filled for is replaced. */
  useContext(context: Context): void {
    if (this.context !== context) {
      this.entries.clear();
      this.context = context;
    }
  }

  /**
   * The prepared listing if it is at least at `revision`, and prepared with its words when the
   * caller needs them; anything else is a miss.
   */
  get(id: string, revision: number, needsTerms = false): PreparedListing | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.revision < revision || (needsTerms && !entry.withTerms)) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.prepared;
  }

  set(id: string, revision: number, prepared: PreparedListing, withTerms = true): void {
    if (this.capacity <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { revision, prepared, withTerms });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
