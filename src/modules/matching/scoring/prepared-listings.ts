import type { PreparedListing } from './match-score';
import type { ScoringContext } from './scoring-context';

/**
 * Published listings prepared for scoring, with the one scoring context that prepared them all:
 * a job then reads from PostgreSQL only the listing it scores, where it read and prepared a few
 * hundred candidates before. Nothing is evicted: the holder (LiveCandidates) sets and deletes
 * listings as they change, and replaces the whole set when the context changes.
 */
export class PreparedListings {
  private readonly entries = new Map<string, { revision: number; prepared: PreparedListing; withTerms: boolean }>();

  constructor(readonly context: ScoringContext) {}

  /** Same contract as PreparedListingsCache.get: at least at `revision`, with its words when asked. */
  get(id: string, revision: number, needsTerms = false): PreparedListing | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.revision < revision || (needsTerms && !entry.withTerms)) return undefined;
    return entry.prepared;
  }

  /** What is held for the listing, whatever its revision: what the live index's profile of it holds. */
  held(id: string): PreparedListing | undefined {
    return this.entries.get(id)?.prepared;
  }

  set(id: string, revision: number, prepared: PreparedListing, withTerms = true): void {
    const entry = this.entries.get(id);
    // A listing read again for a batch may come back without its words: what is held is not worse.
    if (entry && entry.revision === revision && entry.withTerms && !withTerms) return;
    this.entries.set(id, { revision, prepared, withTerms });
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
