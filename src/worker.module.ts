import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggingModule } from './common/logging/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ListingImportWorkerModule } from './modules/listings/import/listing-import-worker.module';
import { MatchingWorkerModule } from './modules/matching/matching-worker.module';
import { WorkerMetricsModule } from './modules/metrics/worker-metrics.module';
import { TaxonomyModule } from './modules/matching/taxonomy/taxonomy.module';
import { ListingExpiryModule } from './modules/listings/listing-expiry.module';
import { MatchesWorkerModule } from './modules/matches/matches-worker.module';
import { NotificationsWorkerModule } from './modules/notifications/notifications-worker.module';
import { SessionsWorkerModule } from './modules/sessions/sessions-worker.module';
import { JobHandlersCheck } from './queue/job-handlers.check';
import { QueueModule } from './queue/queue.module';

/** The worker: processes jobs and relays the outbox; no HTTP, and it never migrates. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot({ migrate: false }),
    QueueModule.forRoot('worker'),
    TaxonomyModule,
    MatchingWorkerModule,
    ListingImportWorkerModule,
    NotificationsWorkerModule,
    MatchesWorkerModule,
    SessionsWorkerModule,
    ListingExpiryModule,
    WorkerMetricsModule,
    DiscoveryModule,
  ],
  providers: [JobHandlersCheck],
})
export class WorkerModule {}
