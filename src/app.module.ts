import { Module } from '@nestjs/common';
import { LoggingModule } from './common/logging/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { QueueDashboardModule } from './modules/queue-dashboard/queue-dashboard.module';
import { ListingsModule } from './modules/listings/listings.module';
import { MatchesModule } from './modules/matches/matches.module';
import { MatchingApiModule } from './modules/matching/matching-api.module';
import { NotificationsApiModule } from './modules/notifications/notifications-api.module';
import { ReviewModule } from './modules/review/review.module';
import { StatsModule } from './modules/stats/stats.module';
import { SessionsModule } from './modules/sessions/sessions.module';
import { TaxonomyModule } from './modules/matching/taxonomy/taxonomy.module';
import { PartiesModule } from './modules/parties/parties.module';
import { QueueModule } from './queue/queue.module';

/** The HTTP API: serves requests and migrates the database at start; never processes jobs. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot({ migrate: true }),
    QueueModule.forRoot('producer'),
    HealthModule,
    MetricsModule,
    QueueDashboardModule,
    AuditModule,
    AuthModule,
    PartiesModule,
    TaxonomyModule,
    ListingsModule,
    MatchesModule,
    MatchingApiModule,
    NotificationsApiModule,
    ReviewModule,
    StatsModule,
    SessionsModule,
  ],
})
export class AppModule {}
