import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MatchesModule } from '../matches/matches.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

@Module({ imports: [AuditModule, MatchesModule, NotificationsModule], controllers: [ReviewController], providers: [ReviewService] })
export class ReviewModule {}
