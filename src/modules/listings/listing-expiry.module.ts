import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ListingExpiryProcessor } from './listing-expiry.processor';
import { ListingExpiryService } from './listing-expiry.service';

/** The worker's daily listing expiry and two-week warnings. */
@Module({
  imports: [AuditModule, OutboxModule, NotificationsModule],
  providers: [ListingExpiryService, ListingExpiryProcessor],
  exports: [ListingExpiryService],
})
export class ListingExpiryModule {}
