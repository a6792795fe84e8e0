import { Module } from '@nestjs/common';
import { ListingExportController } from './listing-export.controller';
import { ListingExportService } from './listing-export.service';

@Module({ controllers: [ListingExportController], providers: [ListingExportService] })
export class ListingExportModule {}
