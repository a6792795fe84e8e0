import { Module } from '@nestjs/common';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { CandidatesRepository } from './candidates.repository';
import { DocumentFrequenciesService } from './document-frequencies.service';
import { LiveCandidates } from './live-candidates.service';
import { MatchWriter } from './match-writer.service';
import { MatchingProcessor } from './matching.processor';
import { ReconcileProcessor } from './reconcile.processor';
import { ScoringContexts } from './scoring-contexts.service';
import { ScoreListingService } from './score-listing.service';
import { ScoringVersionsService } from './scoring-versions.service';
import { WorkerHeartbeatService } from './worker-heartbeat.service';

/** What only the worker runs: the processors, the outbox relay and the reconciler. */
@Module({
  providers: [CandidatesRepository, DocumentFrequenciesService, LiveCandidates, MatchWriter, ScoringContexts, ScoreListingService, ScoringVersionsService, MatchingProcessor, ReconcileProcessor, OutboxRelayService, WorkerHeartbeatService],
  exports: [ScoreListingService, LiveCandidates, OutboxRelayService],
})
export class MatchingWorkerModule {}
