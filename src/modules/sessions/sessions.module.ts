import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AdminSessionsController } from './admin-sessions.controller';
import { AgendaService } from './agenda.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { SchedulingService } from './scheduling.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** The session routes of the API; the scheduling itself runs in the worker (SessionsWorkerModule). */
@Module({
  imports: [AuditModule, NotificationsModule],
  controllers: [AdminSessionsController, SessionsController, MeetingsController],
  providers: [SessionsService, SchedulingService, AgendaService, MeetingsService],
})
export class SessionsModule {}
