import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ScheduleSessionProcessor } from './schedule-session.processor';
import { SchedulingRepository } from './scheduling.repository';
import { SessionSchedulerService } from './session-scheduler.service';

/** What only the worker runs: the scheduling processor. */
@Module({
  imports: [AuditModule],
  providers: [SchedulingRepository, SessionSchedulerService, ScheduleSessionProcessor],
})
export class SessionsWorkerModule {}
