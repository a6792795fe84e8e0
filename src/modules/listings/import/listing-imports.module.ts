import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ListingImportsController } from './listing-imports.controller';
import { ListingImportsService } from './listing-imports.service';

/** The API side of bulk import: takes the file, stores it, queues the job, reports on it. */
@Module({
  imports: [AuditModule],
  controllers: [ListingImportsController],
  providers: [ListingImportsService],
})
export class ListingImportsModule {}
