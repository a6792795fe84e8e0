import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { Listing } from '../listings/listing.entity';
import { listingAnalysisInput } from '../listings/listing-text';
import { CandidateFeatures, CandidateRef, CandidatesRepository, ListingToScore } from './candidates.repository';
import { ScoringContexts } from './scoring-contexts.service';
import { LiveCandidates } from './live-candidates.service';
import { MatchWriter, ScoredPair } from './match-writer.service';
import { PreparedListing, prepareFeatures, prepareToKeep, scoreMatch, textLanguagesComparable } from './scoring/match-score';
import { keepBestCounterparts } from './scoring/keep-best';
import { PreparedListingsCache } from './scoring/prepared-listings-cache';
import { PreparedListings } from './scoring/prepared-listings';
import { LiveCandidateIndex } from './scoring/live-candidate-index';
import { ScoringContext } from './scoring/scoring-context';
import { TaxonomyService } from './taxonomy/taxonomy.service';

export interface ScoreListingResult {
  listingId: string;
  revision: number;
  status: string;
  candidates: number;
  kept: number;
}

export interface ScoreBatchResult {
  listings: number;
  scored: number;
  /** Withdrawn, expired or deleted since the batch was queued: their own lifecycle jobs handle them. */
  skipped: number;
  candidates: number;
  kept: number;
  /** Candidates the worker's cache could not serve, read and prepared for this batch. */
  fetched: number;
  /** Where the time went, per phase: what to look at when a re-match is slow. */
  ms: { read: number; retrieve: number; fetch: number; score: number; write: number };
}

/** Candidates read per query when preparing them: a few MB of word counts each. */
const FEATURE_FETCH_CHUNK = 5000;

/** Where prepared counterparts are looked up and kept: the SQL path's cache, or the live copy's full set. */
type PreparedStore = Pick<PreparedListingsCache<ScoringContext>, 'get' | 'set'>;

/** Every published listing in memory, for retrieval and scoring without SQL: the worker's live copy (LiveState). */
export interface ScoringSnapshot {
  index: Pick<LiveCandidateIndex<PreparedListing>, 'findCandidateRefs' | 'findHeld' | 'size'>;
  features: PreparedListings;
}

/**
 * Scores one listing against its candidates and records the best matches. Safe to run twice for
 * the same revision (at-least-once delivery): it only ever upserts and recomputes flags.
 */
@Injectable()
export class ScoreListingService {
  private readonly logger = new Logger(ScoreListingService.name);
  private readonly prepared: PreparedListingsCache<ScoringContext>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly contexts: ScoringContexts,
    private readonly taxonomy: TaxonomyService,
    private readonly config: AppConfig,
    private readonly writer: MatchWriter,
    private readonly live: LiveCandidates,
  ) {
    this.prepared = new PreparedListingsCache(config.matching.featureCacheSize);
  }

  async score(listingId: string): Promise<ScoreListingResult | null> {
    const listing = await this.currentFeatures(listingId);
    if (!listing) return null;
    if (listing.status !== 'published') {
      // Nothing kept: its flags are cleared, so its matches leave the lists its own run put them in.
      await this.writer.write([{ listing, kept: [] }]);
      return { listingId, revision: listing.revision, status: listing.status, candidates: 0, kept: 0 };
    }
    const { candidates, kept } = await this.rank(listing);
    await this.writer.write([{ listing, kept }]);
    return { listingId, revision: listing.revision, status: listing.status, candidates, kept: kept.length };
  }

  /**
   * The best counterparts of a listing, scored, without writing anything (the benchmark times
   * this too): from the worker's live copy of every published listing once it is built, from SQL
   * before (and with MATCH_LIVE_INDEX off). Both give the same candidates in the same order.
   */
  async rank(listing: CandidateFeatures): Promise<{ candidates: number; kept: ScoredPair[] }> {
    const live = await this.live.current();
    return live ? this.rankFromSnapshot(listing, live) : this.rankFromSql(listing);
  }

  /** rank() with candidates from the SQL query and counterparts from the cache, or fetched. */
  async rankFromSql(listing: CandidateFeatures): Promise<{ candidates: number; kept: ScoredPair[] }> {
    const context = await this.scoringContext();
    const refs = await this.candidates.findCandidateRefs(listing, this.config.matching.candidateLimit, context.conceptIdf);
    const { counterpartsOf } = await this.preparedFrom(this.prepared, context, [listing], [refs]);
    return { candidates: counterpartsOf[0].length, kept: this.keepBest(listing, counterpartsOf[0], context) };
  }

  /**
   * rank() from an in-memory snapshot (a re-match's, or the live copy): retrieval from its index,
   * candidates prepared in its features and scored with its context.
   */
  async rankFromSnapshot(listing: CandidateFeatures, snapshot: ScoringSnapshot): Promise<{ candidates: number; kept: ScoredPair[] }> {
    const held = snapshot.index.findHeld(listing, this.config.matching.candidateLimit, snapshot.features.context.conceptIdf);
    const { counterpartsOf } = await this.completeHeld([listing], [held], snapshot);
    return { candidates: counterpartsOf[0].length, kept: this.keepBest(listing, counterpartsOf[0], snapshot.features.context) };
  }

  /**
   * Re-scores a batch of a re-match: candidates from the snapshot's index, prepared from its
   * features (only one it lacks is read here), the batch's own listings read in one query, and
   * every result written in one transaction. Listings
   * no longer published are skipped. Safe to run again (after a crash, a retry): it computes the
   * same results and writes only what differs.
   */
  async scoreBatch(listingIds: readonly string[], snapshot: ScoringSnapshot): Promise<ScoreBatchResult> {
    const clock = phaseClock();
    const listings = await this.currentFeaturesOf(listingIds);
    const published = listings.filter((listing) => listing.status === 'published');
    const context = snapshot.features.context;
    const { candidateLimit } = this.config.matching;
    const read = clock();
    const heldOf = published.map((listing) => snapshot.index.findHeld(listing, candidateLimit, context.conceptIdf));
    const retrieve = clock();
    const { counterpartsOf, fetched } = await this.completeHeld(published, heldOf, snapshot);
    const fetch = clock();
    const results: { listing: ListingToScore; kept: ScoredPair[] }[] = [];
    let candidates = 0;
    for (let i = 0; i < published.length; i++) {
      const listing = published[i];
      const counterparts = counterpartsOf[i];
      candidates += counterparts.length;
      results.push({ listing, kept: this.keepBest(listing, counterparts, context) });
      // Scoring a listing takes a millisecond or two; BullMQ renews the job's lock between them.
      await yieldToEventLoop();
    }
    const score = clock();
    await this.writer.write(results);
    const write = clock();
    return {
      listings: listingIds.length,
      scored: results.length,
      skipped: listingIds.length - results.length,
      candidates,
      kept: results.reduce((sum, r) => sum + r.kept.length, 0),
      fetched,
      ms: { read, retrieve, fetch, score, write },
    };
  }

  /**
   * The best counterparts above the threshold, best first (ties keep retrieval order), with their
   * explanations: only the kept few get one built (see keepBestCounterparts for the rest).
   */
  private keepBest(listing: CandidateFeatures, counterparts: PreparedListing[], context: ScoringContext): ScoredPair[] {
    const { matchesPerListing, minScore } = this.config.matching;
    const self = prepareFeatures(listing, context);
    const isOffer = listing.kind === 'offer';
    return keepBestCounterparts(self, counterparts, context, { limit: matchesPerListing, minScore }).map(({ other }) => {
      const counterpart = other.features as CandidateFeatures;
      return isOffer
        ? { offer: listing, need: counterpart, result: scoreMatch(self, other, context) }
        : { offer: counterpart, need: listing, result: scoreMatch(other, self, context) };
    });
  }

  private async scoringContext(): Promise<ScoringContext> {
    const context = await this.contexts.current();
    this.prepared.useContext(context);
    return context;
  }

  /**
   * Each listing's candidates, prepared, from what the snapshot's index held for them (`heldOf`):
   * as they are when it held every one, and otherwise collected again by reference from the
   * snapshot's features, the few it lacks read from PostgreSQL. A candidate analysed with an
   * older taxonomy is held by none: it is analysed again when its own batch or job comes, and
   * kept in the snapshot its old concepts would outlive that.
   */
  private async completeHeld(
    listings: readonly CandidateFeatures[],
    heldOf: readonly (PreparedListing | undefined)[][],
    { index, features }: ScoringSnapshot,
  ): Promise<{ counterpartsOf: PreparedListing[][]; fetched: number }> {
    const counterpartsOf: PreparedListing[][] = [];
    const incomplete: number[] = [];
    heldOf.forEach((held, i) => {
      if (everyHeld(held)) counterpartsOf[i] = held;
      else incomplete.push(i);
    });
    if (incomplete.length === 0) return { counterpartsOf, fetched: 0 };
    const lacking = incomplete.map((i) => listings[i]);
    const refsOf = lacking.map((listing) => index.findCandidateRefs(listing, this.config.matching.candidateLimit, features.context.conceptIdf));
    const collected = await this.preparedFrom(features, features.context, lacking, refsOf, (listing) => listing.taxonomyVersion === this.taxonomy.version);
    incomplete.forEach((i, k) => (counterpartsOf[i] = collected.counterpartsOf[k]));
    return { counterpartsOf, fetched: collected.fetched };
  }

  /**
   * Each listing's candidates prepared, in retrieval order, from `store`. One pass over them; the
   * candidates it lacks (published or changed since, evicted, or never kept) are read and prepared
   * in one go (those `worthKeeping` kept in `store`), and a listing that lacked any is collected
   * again. Only the words of candidates whose language lets texts be compared are read.
   */
  private async preparedFrom(
    store: PreparedStore,
    context: ScoringContext,
    listings: readonly CandidateFeatures[],
    refsOf: readonly CandidateRef[][],
    worthKeeping?: (listing: CandidateFeatures) => boolean,
  ): Promise<{ counterpartsOf: PreparedListing[][]; fetched: number }> {
    const missing = new Map<string, boolean>();
    const held = listings.map((listing, i) => this.collectHeld(listing, refsOf[i], store, missing));
    const fetched = await this.fetchPrepared(missing, context, store, worthKeeping);
    return { counterpartsOf: held.map((counterparts, i) => counterparts ?? this.collectPrepared(listings[i], refsOf[i], fetched, store)), fetched: fetched.size };
  }

  /** The candidates `store` holds, in retrieval order; null when it lacks any, which are added to `missing` (id -> words needed). */
  private collectHeld(listing: CandidateFeatures, refs: CandidateRef[], store: PreparedStore, missing: Map<string, boolean>): PreparedListing[] | null {
    const held: PreparedListing[] = [];
    let complete = true;
    for (const ref of refs) {
      const withTerms = textLanguagesComparable(listing.language, ref.language);
      const prepared = store.get(ref.id, ref.revision, withTerms);
      if (prepared) {
        held.push(prepared);
      } else {
        complete = false;
        missing.set(ref.id, withTerms || (missing.get(ref.id) ?? false));
      }
    }
    return complete ? held : null;
  }

  /**
   * Reads and prepares the `missing` listings (id -> whether their words are needed) into
   * `store` (those `worthKeeping`), at most two queries per few thousand (with and without word counts). What is fetched
   * is also returned, since a batch may need more candidates than the cache keeps.
   */
  private async fetchPrepared(
    missing: ReadonlyMap<string, boolean>,
    context: ScoringContext,
    store: PreparedStore,
    worthKeeping: (listing: CandidateFeatures) => boolean = () => true,
  ): Promise<Map<string, PreparedListing>> {
    const fetched = new Map<string, PreparedListing>();
    for (const withTerms of [true, false]) {
      const ids = [...missing].filter(([, terms]) => terms === withTerms).map(([id]) => id);
      for (let start = 0; start < ids.length; start += FEATURE_FETCH_CHUNK) {
        for (const features of await this.candidates.findFeaturesByIds(ids.slice(start, start + FEATURE_FETCH_CHUNK), { withTerms })) {
          const prepared = prepareToKeep(features, context);
          fetched.set(features.id, prepared);
          if (worthKeeping(features)) store.set(features.id, features.revision, prepared, withTerms);
        }
      }
    }
    return fetched;
  }

  private collectPrepared(listing: CandidateFeatures, refs: CandidateRef[], fetched: ReadonlyMap<string, PreparedListing>, store: PreparedStore): PreparedListing[] {
    const result: PreparedListing[] = [];
    for (const ref of refs) {
      // A candidate withdrawn between the two queries is simply gone; scoring it later would be wrong anyway.
      const prepared = fetched.get(ref.id) ?? store.get(ref.id, ref.revision, textLanguagesComparable(listing.language, ref.language));
      if (prepared) result.push(prepared);
    }
    return result;
  }

  /** Features of a batch's listings in one query; those analysed with an older taxonomy are re-analysed first, as score() does. */
  private async currentFeaturesOf(listingIds: readonly string[]): Promise<ListingToScore[]> {
    const listings = await this.candidates.findFeaturesToScore(listingIds);
    const stale = listings.filter((listing) => listing.status === 'published' && listing.taxonomyVersion !== this.taxonomy.version);
    if (stale.length === 0) return listings;
    for (const listing of stale) await this.reanalyse(listing.id);
    const fresh = new Map((await this.candidates.findFeaturesToScore(stale.map((listing) => listing.id))).map((listing) => [listing.id, listing]));
    return listings.flatMap((listing) => {
      const current = fresh.has(listing.id) ? fresh.get(listing.id) : listing;
      return current ? [current] : [];
    });
  }

  /** The listing's features, re-analysed first when they were computed with another taxonomy. */
  private async currentFeatures(listingId: string): Promise<ListingToScore | null> {
    const features = await this.candidates.findFeatures(listingId);
    if (!features || features.taxonomyVersion === this.taxonomy.version) return features;
    await this.reanalyse(listingId);
    return this.candidates.findFeatures(listingId);
  }

  /** Listings analysed with an older taxonomy are analysed again before scoring, so their concepts use the current ids. */
  private async reanalyse(listingId: string): Promise<void> {
    const repository = this.dataSource.getRepository(Listing);
    const listing = await repository.findOne({
      where: { id: listingId },
      select: { id: true, title: true, summary: true, description: true, advantages: true, requirements: true, keywords: true, language: true, taxonomyVersion: true },
    });
    if (!listing || listing.taxonomyVersion === this.taxonomy.version) return;
    // The stored language was declared or detected before; it stays as it is.
    const analysis = this.taxonomy.analyze(listingAnalysisInput(listing, listing.language));
    await repository.update(
      { id: listingId },
      {
        conceptIds: analysis.conceptIds,
        conceptCounts: analysis.conceptCounts,
        termFrequencies: analysis.termFrequencies,
        searchDocument: analysis.searchDocument,
        taxonomyVersion: this.taxonomy.version,
      },
    );
    this.logger.log({ listingId, taxonomyVersion: this.taxonomy.version }, 're-analysed listing for a new taxonomy');
  }
}

function everyHeld(held: (PreparedListing | undefined)[]): held is PreparedListing[] {
  return held.every((prepared) => prepared !== undefined);
}

/** Milliseconds since the previous call (or since creation). */
function phaseClock(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}
