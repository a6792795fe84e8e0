import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CandidatesRepository } from './candidates.repository';
import { CandidateIndex } from './scoring/candidate-index';

/** A snapshot no batch asked for this long is dropped: it holds every profile (tens of MB at 200k). */
const IDLE_MS = 10 * 60 * 1000;

/**
 * One in-memory CandidateIndex per worker process for the re-match in progress, built from
 * match_profiles in one query when its first batch arrives and shared by the batches after it.
 * A batch of another re-match replaces it. Every worker builds its own from the same table, so a
 * batch retried elsewhere (after a crash) retrieves from an equal snapshot unless listings changed
 * in between, which a re-match cannot freeze anyway.
 */
@Injectable()
export class CandidateIndexSnapshots implements OnModuleDestroy {
  private readonly logger = new Logger(CandidateIndexSnapshots.name);
  private current: { rematchId: string; index: Promise<CandidateIndex> } | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly candidates: CandidatesRepository) {}

  async forRematch(rematchId: string): Promise<CandidateIndex> {
    if (this.current?.rematchId !== rematchId) {
      const index = this.build(rematchId);
      this.current = { rematchId, index };
      // A failed load is not kept: the batch's retry loads again.
      index.catch(() => {
        if (this.current?.index === index) this.current = null;
      });
    }
    this.touch();
    return this.current.index;
  }

  onModuleDestroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.current = null;
  }

  private async build(rematchId: string): Promise<CandidateIndex> {
    const started = Date.now();
    const index = new CandidateIndex(await this.candidates.findAllProfiles());
    this.logger.log({ rematchId, profiles: index.size, ms: Date.now() - started }, 'candidate index built for a re-match');
    return index;
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => (this.current = null), IDLE_MS);
    this.idleTimer.unref();
  }
}
