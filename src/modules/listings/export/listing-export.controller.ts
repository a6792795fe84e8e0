import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../common/auth/roles.decorator';
import { ListingExportQueryDto } from './listing-export.dto';
import { ListingExportService } from './listing-export.service';
import { ApiStandardErrors } from '../../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/listings')
export class ListingExportController {
  constructor(private readonly exports: ListingExportService) {}

  @Get('export')
  @ApiOperation({
    summary: 'Download the listings the filters select, as CSV (Excel-ready, re-importable) or JSON',
    description: 'Without filters, every listing in every status. The CSV has the import columns plus read-only ones (id, currentStatus, partyName...).',
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'A file: CSV with a header row, or a JSON array of listings', schema: { type: 'string' } })
  async export(@Query() query: ListingExportQueryDto): Promise<StreamableFile> {
    const chunks = await this.exports.open(query);
    const date = new Date().toISOString().slice(0, 10);
    // Nest's StreamableFile destroys the connection when a later page fails, so a broken download
    // never looks like a complete file.
    return new StreamableFile(Readable.from(chunks), {
      type: query.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      disposition: `attachment; filename="listings-${date}.${query.format}"`,
    });
  }
}
