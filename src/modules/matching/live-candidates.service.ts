import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { PollingLoop } from '../../common/scheduling/polling-loop';
import { CandidatesRepository, ScoringRow } from './candidates.repository';
import { ScoringContexts } from './scoring-contexts.service';
import { LiveCandidateIndex } from './scoring/live-candidate-index';
import { PreparedListing, prepareToKeep } from './scoring/match-score';
import { PreparedListings } from './scoring/prepared-listings';
import { TaxonomyService } from './taxonomy/taxonomy.service';

/** Listings read per query while building: a few MB of word counts each. */
const PAGE = 5000;
/** Change-log rows live an hour (ChangeLogPruner); a copy not brought up to date for half of that is read again. */
export const MATCH_PROFILE_CHANGES_RETENTION_MS = 60 * 60_000;
const STALE_AFTER_MS = MATCH_PROFILE_CHANGES_RETENTION_MS / 2;
/** An idle worker still catches up this often, so its first job after a quiet hour reads little. */
const SYNC_EVERY_MS = 60_000;
/** A re-match keeps the copy's context (no rebuild) until its batches have been quiet this long; with MATCH_LIVE_INDEX off, the copy is then dropped. */
const REMATCH_HOLD_MS = 10 * 60_000;

/** A worker's live copy of every published listing: retrieval over its profiles, and each prepared for scoring with one context. */
export interface LiveState {
  /** Each profile holds its listing prepared for scoring (none when analysed with an older taxonomy). */
  index: LiveCandidateIndex<PreparedListing>;
  features: PreparedListings;
  /** pg_current_snapshot() of the last read: every change committed before it is in. */
  snapshot: string;
  syncedAt: number;
  builtAt: number;
}

/**
 * Every published listing in the worker's memory, kept exact: retrieval from a LiveCandidateIndex
 * and counterparts prepared beforehand, where a job through SQL spends most of its time in the
 * candidate query and in fetching and preparing counterparts. PostgreSQL stays the truth: the
 * copy remembers the snapshot it was read in, and before every job reads the listings changed
 * since (findScoringChangesSince, one query). It is built in the background at start (jobs use
 * SQL meanwhile) and built again every MATCH_LIVE_REBUILD_MINUTES with the IDF of the moment:
 * the prepared weights depend on it, so the copy keeps its own context between builds.
 */
@Injectable()
export class LiveCandidates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveCandidates.name);
  private state: LiveState | null = null;
  private syncing: Promise<LiveState | null> | null = null;
  private building: Promise<LiveState> | null = null;
  private heldForRematchUntil = 0;
  private stopping = false;
  private readonly loop = new PollingLoop({ name: 'live candidates upkeep', intervalMs: () => SYNC_EVERY_MS, work: () => this.upkeep(), logger: this.logger });

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly contexts: ScoringContexts,
    private readonly taxonomy: TaxonomyService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // A build in progress gives up at its next page instead of holding the shutdown for seconds.
    this.stopping = true;
    await this.loop.stop();
    await this.building?.catch(() => undefined);
  }

  /**
   * The live copy with every change committed before this call began applied (or the one a sync
   * already running will give); null while there is none yet, and the caller reads from SQL.
   */
  async current(): Promise<LiveState | null> {
    if (!this.state) return null;
    return this.sync();
  }

  /** Builds the copy now unless one is built or being built; resolves once there is one (tests and the benchmark wait on it). */
  async ready(): Promise<LiveState> {
    return this.state ?? this.build();
  }

  /**
   * The copy for a batch of a re-match, up to date. All batches of a re-match score with one
   * context (a refreshed IDF halfway would mix two weightings in one list), so the copy is not
   * rebuilt until the batches have been quiet for a while. Built here when there is none (with
   * MATCH_LIVE_INDEX off, only for the re-match).
   */
  async forRematch(): Promise<LiveState> {
    this.heldForRematchUntil = Date.now() + REMATCH_HOLD_MS;
    return (await this.current()) ?? (await this.build());
  }

  private async upkeep(): Promise<void> {
    const held = Date.now() < this.heldForRematchUntil;
    if (!this.config.matching.liveIndex) {
      // Kept only while a re-match uses it: a worker configured without it may lack the memory.
      if (held) await this.sync();
      else this.state = null;
      return;
    }
    const rebuildMs = this.config.matching.liveRebuildMinutes * 60_000;
    if (!this.state || (!held && Date.now() - this.state.builtAt >= rebuildMs)) {
      await this.build();
      return;
    }
    await this.sync();
  }

  private sync(): Promise<LiveState | null> {
    this.syncing ??= this.pullChanges().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async pullChanges(): Promise<LiveState | null> {
    const state = this.state;
    if (!state) return null;
    if (Date.now() - state.syncedAt > STALE_AFTER_MS) {
      // The change log may have lost rows this copy never read: drop it, and read everything again.
      this.logger.warn({ syncedAt: new Date(state.syncedAt) }, 'live candidates fell behind the change log; building them again');
      this.state = null;
      void this.build().catch((error) => this.logger.warn({ err: error }, 'building live candidates failed'));
      return null;
    }
    const { snapshot, changes } = await this.candidates.findScoringChangesSince(state.snapshot);
    // A build that replaced the state meanwhile read these changes itself.
    if (this.state !== state) return this.state;
    // Held first: the index asks the features for what each changed profile holds.
    for (const { listingId, row } of changes) this.hold(state, listingId, row);
    state.index.apply(changes.map(({ listingId, row }) => ({ listingId, profile: row?.profile ?? null })));
    state.snapshot = snapshot;
    state.syncedAt = Date.now();
    return state;
  }

  private build(): Promise<LiveState> {
    this.building ??= this.readEverything().finally(() => (this.building = null));
    return this.building;
  }

  private async readEverything(): Promise<LiveState> {
    const started = Date.now();
    const context = await this.contexts.current();
    const features = new PreparedListings(context);
    const profiles: ScoringRow['profile'][] = [];
    const { snapshot } = await this.candidates.readPublishedScoringRows(PAGE, async (rows) => {
      if (this.stopping) throw new Error('the worker is shutting down');
      for (const row of rows) {
        profiles.push(row.profile);
        this.hold({ features }, row.features.id, row);
      }
      // Preparing a page takes a while: jobs and lock renewals run in between.
      await new Promise((resolve) => setImmediate(resolve));
    });
    const index = new LiveCandidateIndex(profiles, (listingId) => features.held(listingId));
    const state: LiveState = { index, features, snapshot, syncedAt: Date.now(), builtAt: started };
    // Changes committed while this was read are in the change log after `snapshot`: the next sync applies them.
    this.state = state;
    this.logger.log({ listings: state.index.size, prepared: features.size, ms: Date.now() - started }, 'live candidates built');
    return state;
  }

  /**
   * Prepares a listing into the copy, or takes it out. One analysed with an older taxonomy keeps
   * its profile (SQL would find it too) but is not prepared: its own job analyses it again, and
   * a job that finds it before reads it from PostgreSQL.
   */
  private hold(state: Pick<LiveState, 'features'>, listingId: string, row: ScoringRow | null): void {
    if (row && row.features.taxonomyVersion === this.taxonomy.version) {
      state.features.set(listingId, row.features.revision, prepareToKeep(row.features, state.features.context));
    } else {
      state.features.delete(listingId);
    }
  }
}
