import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsModule } from './notifications.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The notification routes of the API: the inbox and the party's webhook setting. */
@Module({
  imports: [AuditModule, NotificationsModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [WebhooksService],
})
export class NotificationsApiModule {}
