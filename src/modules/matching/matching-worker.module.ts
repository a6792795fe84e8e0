import { Module } from '@nestjs/common';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { CandidateIndexSnapshots } from './candidate-index-snapshots.service';
import { CandidatesRepository } from './candidates.repository';
import { DocumentFrequenciesService } from './document-frequencies.service';
import { MatchWriter } from './match-writer.service';
import { MatchingProcessor } from './matching.processor';
import { ReconcileProcessor } from './reconcile.processor';
import { ScoreListingService } from './score-listing.service';
import { ScoringVersionsService } from './scoring-versions.service';
import { WorkerHeartbeatService } from './worker-heartbeat.service';

/** What only the worker runs: the processors, the outbox relay and the reconciler. */
@Module({
  providers: [CandidatesRepository, CandidateIndexSnapshots, DocumentFrequenciesService, MatchWriter, ScoreListingService, ScoringVersionsService, MatchingProcessor, ReconcileProcessor, OutboxRelayService, WorkerHeartbeatService],
  exports: [ScoreListingService, CandidateIndexSnapshots, OutboxRelayService],
})
export class MatchingWorkerModule {}
