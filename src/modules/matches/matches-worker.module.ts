import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { MatchAnnouncementsService } from './match-announcements.service';

/** What the worker runs about matches: announcing new recommendations to both parties. */
@Module({ imports: [NotificationsModule], providers: [MatchAnnouncementsService], exports: [MatchAnnouncementsService] })
export class MatchesWorkerModule {}
