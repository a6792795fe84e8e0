import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { ListingsService } from '../listings.service';
import { ListingImportProcessor } from './listing-import.processor';
import { ListingImportRequeuer } from './listing-import-requeuer.service';
import { ListingImportRunner } from './listing-import-runner.service';

/** What only the worker runs of imports; listings are created through the same ListingsService as the API's. */
@Module({
  imports: [AuditModule, OutboxModule],
  providers: [ListingsService, ListingImportRunner, ListingImportProcessor, ListingImportRequeuer],
  exports: [ListingImportRunner, ListingImportRequeuer],
})
export class ListingImportWorkerModule {}
