import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CandidatesRepository } from './candidates.repository';
import { RematchSnapshot, ScoreListingService } from './score-listing.service';
import { CandidateIndex } from './scoring/candidate-index';

/** A snapshot no batch asked for this long is dropped: it holds every listing prepared (hundreds of MB at 200k). */
const IDLE_MS = 10 * 60 * 1000;

/**
 * One snapshot per worker process for the re-match in progress: an in-memory CandidateIndex over
 * match_profiles (one query) and every published listing prepared for scoring (RematchFeatures),
 * built when its first batch arrives and shared by the batches after it. A batch of another
 * re-match replaces it. Every worker builds its own from the same tables, so a batch retried
 * elsewhere (after a crash) retrieves and scores from an equal snapshot unless listings changed in
 * between, which a re-match cannot freeze anyway.
 */
@Injectable()
export class CandidateIndexSnapshots implements OnModuleDestroy {
  private readonly logger = new Logger(CandidateIndexSnapshots.name);
  private current: { rematchId: string; snapshot: Promise<RematchSnapshot> } | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly scoring: ScoreListingService,
  ) {}

  async forRematch(rematchId: string): Promise<RematchSnapshot> {
    if (this.current?.rematchId !== rematchId) {
      const snapshot = this.build(rematchId);
      this.current = { rematchId, snapshot };
      // A failed load is not kept: the batch's retry loads again.
      snapshot.catch(() => {
        if (this.current?.snapshot === snapshot) this.current = null;
      });
    }
    this.touch();
    return this.current.snapshot;
  }

  onModuleDestroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.current = null;
  }

  private async build(rematchId: string): Promise<RematchSnapshot> {
    const started = Date.now();
    // Profiles before features: a listing changed in between is then prepared at a revision the index's ref accepts.
    const index = new CandidateIndex(await this.candidates.findAllProfiles());
    const indexMs = Date.now() - started;
    const features = await this.scoring.prepareRematchFeatures();
    this.logger.log({ rematchId, profiles: index.size, prepared: features.size, indexMs, ms: Date.now() - started }, 'candidate index and features ready for a re-match');
    return { index, features };
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => (this.current = null), IDLE_MS);
    this.idleTimer.unref();
  }
}
