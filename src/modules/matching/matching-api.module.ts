import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RematchController } from './rematch.controller';

/** The matching routes of the API; the scoring itself runs in the worker. */
@Module({ imports: [AuditModule], controllers: [RematchController] })
export class MatchingApiModule {}
