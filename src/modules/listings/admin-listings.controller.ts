import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Roles } from '../../common/auth/roles.decorator';
import { Page } from '../../common/pagination/page';
import { TaxonomyService } from '../matching/taxonomy/taxonomy.service';
import { AdminListingQueryDto, RejectListingDto, ReviewNoteDto } from './listing.dto';
import { ListingResponseDto } from './listing-response.dto';
import { ListingsService } from './listings.service';
import { ApiErrorResponse, ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/listings')
export class AdminListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Listings awaiting review (or in another status)' })
  @ApiPageResponse(ListingResponseDto)
  async list(@CurrentUser() admin: AuthenticatedUser, @Query() query: AdminListingQueryDto): Promise<Page<ListingResponseDto>> {
    const page = await this.listings.listForReview(query);
    return { items: page.items.map((listing) => ListingResponseDto.from(listing, this.taxonomy.lookup, admin)), nextCursor: page.nextCursor };
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a submitted listing (audited)' })
  @ApiOkResponse({ type: ListingResponseDto })
  @ApiErrorResponse(409)
  async publish(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewNoteDto): Promise<ListingResponseDto> {
    return ListingResponseDto.from(await this.listings.publish(admin, id, dto.note), this.taxonomy.lookup, admin);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a submitted listing back to its owner with a note (audited)' })
  @ApiOkResponse({ type: ListingResponseDto })
  @ApiErrorResponse(409)
  async reject(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectListingDto): Promise<ListingResponseDto> {
    return ListingResponseDto.from(await this.listings.reject(admin, id, dto.note), this.taxonomy.lookup, admin);
  }
}
