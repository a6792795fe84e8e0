import { Injectable } from '@nestjs/common';
import { LiveCandidates, LiveState } from './live-candidates.service';

/** To be removed: re-match batches score from LiveCandidates.forRematch now; kept while a benchmark still asks for it here. */
@Injectable()
export class CandidateIndexSnapshots {
  constructor(private readonly live: LiveCandidates) {}

  forRematch(_rematchId: string): Promise<LiveState> {
    return this.live.forRematch();
  }
}
