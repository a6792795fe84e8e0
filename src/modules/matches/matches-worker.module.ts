import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { MatchAnnouncementsService } from './match-announcements.service';
import { ChangeLogsPruner } from './change-logs-pruner.service';

/** What the worker runs about matches: announcing new recommendations to both parties, pruning the change log of recommendation lists. */
@Module({ imports: [NotificationsModule], providers: [MatchAnnouncementsService, ChangeLogsPruner], exports: [MatchAnnouncementsService, ChangeLogsPruner] })
export class MatchesWorkerModule {}
