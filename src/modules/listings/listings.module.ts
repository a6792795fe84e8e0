import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AdminListingsController } from './admin-listings.controller';
import { ListingExportModule } from './export/listing-export.module';
import { ListingImportsModule } from './import/listing-imports.module';
import { NeedsController, OffersController } from './listings.controller';
import { ListingsService } from './listings.service';

@Module({
  imports: [AuditModule, OutboxModule, ListingImportsModule, ListingExportModule],
  controllers: [OffersController, NeedsController, AdminListingsController],
  providers: [ListingsService],
  exports: [ListingsService],
})
export class ListingsModule {}
