import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../../common/auth/authenticated-user';
import { Roles } from '../../../common/auth/roles.decorator';
import { IMPORT_COLUMNS } from './listing-columns';
import { MAX_IMPORT_ROWS } from './listing-import-file';
import { ListingImportAcceptedDto, ListingImportResponseDto } from './listing-import.dto';
import { ListingImportsService } from './listing-imports.service';
import { ApiStandardErrors } from '../../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/listings')
export class ListingImportsController {
  constructor(private readonly imports: ListingImportsService) {}

  @Post('import')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import listings on behalf of parties (CSV or JSON), as a job',
    description:
      `CSV (UTF-8, with or without BOM) with a header row naming columns among: ${IMPORT_COLUMNS.map((c) => c.name).join(', ')}; ` +
      'list cells separated by ";". JSON: an array, or { "listings": [...] }, of POST /offers or POST /needs bodies with "kind" and "party". ' +
      `"party" is a party id, the email of one of its members, or its exact name. At most ${MAX_IMPORT_ROWS} rows.`,
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ schema: { oneOf: [{ type: 'string', description: 'CSV' }, { type: 'array', items: { type: 'object', additionalProperties: true } }] } })
  @ApiAcceptedResponse({ type: ListingImportAcceptedDto })
  async import(@CurrentUser() admin: AuthenticatedUser, @Headers('content-type') contentType: string | undefined, @Body() body: unknown): Promise<ListingImportAcceptedDto> {
    return this.imports.accept(admin, contentType, body);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'Status, progress and every rejected row of an import' })
  @ApiOkResponse({ type: ListingImportResponseDto })
  async find(@Param('id', ParseUUIDPipe) id: string): Promise<ListingImportResponseDto> {
    return this.imports.find(id);
  }
}
