import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MatchPreferencesService } from './match-preferences.service';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';
import { RecommendationPageCache } from './recommendation-page-cache';

@Module({ imports: [AuditModule, MetricsModule], controllers: [MatchesController], providers: [MatchesService, MatchPreferencesService, RecommendationPageCache], exports: [MatchesService] })
export class MatchesModule {}
