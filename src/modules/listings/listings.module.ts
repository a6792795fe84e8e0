import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminListingsController } from './admin-listings.controller';
import { NeedsController, OffersController } from './listings.controller';
import { ListingsService } from './listings.service';

@Module({
  imports: [AuditModule, OutboxModule],
  controllers: [OffersController, NeedsController, AdminListingsController],
  providers: [ListingsService],
  exports: [ListingsService],
})
export class ListingsModule {}
