import { CandidateIndex, CandidateProfile, CandidateQuery, CandidateRef, compareRanked, firstCandidates, RankedCandidate } from './candidate-index';

/** Changed profiles held apart at most: this share of the base (or this many, for a small base). */
const OVERLAY_SHARE = 0.05;
const MIN_OVERLAY = 2000;

/**
 * A CandidateIndex kept current as listings change, with the same results as the SQL over the
 * current match_profiles. A packed index cannot take a row in place, so it is two: the base, built
 * once from every profile, and an overlay of the profiles added or changed since, rebuilt on each
 * change. A changed or removed profile is retired from the base. Everything is packed into a new
 * base once the overlay's rebuilds since the last one have cost more time than that one did (so
 * upkeep costs at most twice the base builds, however fast listings change), or once the overlay
 * outgrows a share of the base.
 */
export class LiveCandidateIndex<Held = never> {
  private readonly profiles = new Map<string, CandidateProfile>();
  private base: CandidateIndex;
  private overlay: CandidateIndex;
  /** What is held for each profile, by its position in the base and in the overlay. */
  private baseHeld: (Held | undefined)[] = [];
  private overlayHeld: (Held | undefined)[] = [];
  private readonly overlayIds = new Set<string>();
  private baseBuildMs = 0;
  private overlayBuildMs = 0;

  /**
   * `heldOf` gives what the holder keeps for a listing (the live copy: the listing prepared for
   * scoring), handed back by findHeld; it is asked when a profile enters the index, so the holder
   * updates it before applying the change. `clock` times the builds (milliseconds); tests pass their own.
   */
  constructor(
    profiles: Iterable<CandidateProfile>,
    private readonly heldOf: (listingId: string) => Held | undefined = () => undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    for (const profile of profiles) this.profiles.set(profile.listingId, profile);
    this.base = this.buildBase();
    this.overlay = new CandidateIndex([]);
  }

  /** Listings a query can find. */
  get size(): number {
    return this.profiles.size;
  }

  /** Profiles held in the overlay, waiting for the next rebuild of the base. */
  get pending(): number {
    return this.overlayIds.size;
  }

  /** The listing's profile now (null: no longer published, or deleted). */
  apply(changes: Iterable<{ listingId: string; profile: CandidateProfile | null }>): void {
    let changed = false;
    for (const { listingId, profile } of changes) {
      changed = true;
      this.base.retire(listingId);
      if (profile) {
        this.profiles.set(listingId, profile);
        this.overlayIds.add(listingId);
      } else {
        this.profiles.delete(listingId);
        this.overlayIds.delete(listingId);
      }
    }
    if (!changed) return;
    if (this.overlayBuildMs > this.baseBuildMs || this.overlayIds.size > Math.max(MIN_OVERLAY, OVERLAY_SHARE * this.base.size)) {
      this.base = this.buildBase();
      this.overlayIds.clear();
      this.overlay = new CandidateIndex([]);
      this.overlayHeld = [];
    } else {
      const started = this.clock();
      const overlaid = [...this.overlayIds].map((id) => this.profiles.get(id)!);
      this.overlay = new CandidateIndex(overlaid);
      this.overlayHeld = overlaid.map((profile) => this.heldOf(profile.listingId));
      this.overlayBuildMs += this.clock() - started;
    }
  }

  private buildBase(): CandidateIndex {
    const started = this.clock();
    const profiles = [...this.profiles.values()];
    const base = new CandidateIndex(profiles);
    this.baseHeld = profiles.map((profile) => this.heldOf(profile.listingId));
    this.baseBuildMs = this.clock() - started;
    this.overlayBuildMs = 0;
    return base;
  }

  /** Same contract and result as CandidatesRepository.findCandidateRefs over the current profiles. */
  findCandidateRefs(listing: CandidateQuery, limit: number, conceptWeight?: (conceptId: number) => number): CandidateRef[] {
    if (this.overlayIds.size === 0) return this.base.findCandidateRefs(listing, limit, conceptWeight);
    return this.merged(listing, limit, conceptWeight).map(({ candidate }) => ({ id: candidate.id, revision: candidate.revision, language: candidate.language }));
  }

  /**
   * findCandidateRefs answered with what is held for each candidate, in the same order (undefined
   * where nothing is): a re-match asks a million times, and a lookup by id per candidate was a
   * seventh of its CPU.
   */
  findHeld(listing: CandidateQuery, limit: number, conceptWeight?: (conceptId: number) => number): (Held | undefined)[] {
    if (this.overlayIds.size === 0) {
      const held = this.baseHeld;
      return this.base.findCandidatePositions(listing, limit, conceptWeight).map((p) => held[p]);
    }
    return this.merged(listing, limit, conceptWeight).map(({ candidate, inOverlay }) => (inOverlay ? this.overlayHeld : this.baseHeld)[candidate.position]);
  }

  private merged(listing: CandidateQuery, limit: number, conceptWeight?: (conceptId: number) => number): { candidate: RankedCandidate; inOverlay: boolean }[] {
    const fromBase = this.base.rankedCandidates(listing, limit, conceptWeight);
    const fromOverlay = this.overlay.rankedCandidates(listing, limit, conceptWeight);
    const inOverlay = new Set([...fromOverlay.byConcept, ...fromOverlay.byField]);
    // Each index returns its best `limit` by concept; the best `limit` of both are among them. Fields
    // fill up only when concepts found too few in both, and then each index has its fill computed.
    const first = firstCandidates({ byConcept: merge(fromBase.byConcept, fromOverlay.byConcept), byField: merge(fromBase.byField, fromOverlay.byField) }, limit);
    return first.map((candidate) => ({ candidate, inOverlay: inOverlay.has(candidate) }));
  }
}

function merge(a: RankedCandidate[], b: RankedCandidate[]): RankedCandidate[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b].sort(compareRanked);
}
