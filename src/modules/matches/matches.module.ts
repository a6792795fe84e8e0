import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MatchPreferencesService } from './match-preferences.service';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';

@Module({ imports: [AuditModule], controllers: [MatchesController], providers: [MatchesService, MatchPreferencesService], exports: [MatchesService] })
export class MatchesModule {}
