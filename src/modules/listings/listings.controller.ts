import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Page } from '../../common/pagination/page';
import { validateAs } from '../../common/http/validation';
import { TaxonomyService } from '../matching/taxonomy/taxonomy.service';
import { ListingKind } from './listing.constants';
import { CreateNeedDto, CreateOfferDto, CreateListingDto, ListingQueryDto, UpdateListingDto, UpdateNeedDto, UpdateOfferDto } from './listing.dto';
import { NEED_EXAMPLES, OFFER_EXAMPLES } from './listing-examples';
import { ListingResponseDto } from './listing-response.dto';
import { Listing } from './listing.entity';
import { ListingsService } from './listings.service';
import { ApiErrorResponse, ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

/**
 * Offers and needs are one resource with two paths; their controllers differ only in the kind
 * and the body classes, so both are made here.
 */
function listingsController(kind: ListingKind, path: string, createDto: Type<CreateListingDto>, updateDto: Type<UpdateListingDto>) {
  @ApiStandardErrors()
  @ApiTags('listings')
  @ApiBearerAuth()
  @Controller(path)
  class KindListingsController {
    constructor(
      readonly listings: ListingsService,
      readonly taxonomy: TaxonomyService,
    ) {}

    respond(listing: Listing, user: AuthenticatedUser): ListingResponseDto {
      return ListingResponseDto.from(listing, this.taxonomy.lookup, user);
    }

    @Post()
    @ApiOperation({ summary: `Create ${kind === 'offer' ? 'an offer' : 'a need'} (status draft or submitted)` })
    @ApiBody({ type: createDto, examples: kind === 'offer' ? OFFER_EXAMPLES : NEED_EXAMPLES })
    @ApiCreatedResponse({ type: ListingResponseDto })
    @ApiErrorResponse(403, 'An account without a party (an admin) cannot own a listing')
    async create(@CurrentUser() user: AuthenticatedUser, @Body(validateAs(createDto)) dto: CreateListingDto): Promise<ListingResponseDto> {
      return this.respond(await this.listings.create(user, kind, dto), user);
    }

    @Get()
    @ApiOperation({ summary: `Published ${path} of all parties, or your own with mine=true` })
    @ApiPageResponse(ListingResponseDto)
    async search(@CurrentUser() user: AuthenticatedUser, @Query() query: ListingQueryDto): Promise<Page<ListingResponseDto>> {
      const page = await this.listings.search(user, kind, query);
      return { items: page.items.map((listing) => this.respond(listing, user)), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @ApiOkResponse({ type: ListingResponseDto })
    @ApiOperation({ summary: `One ${kind}: published, or your own in any status` })
    async findOne(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ListingResponseDto> {
      return this.respond(await this.listings.findVisible(user, kind, id), user);
    }

    @Patch(':id')
    @ApiOperation({ summary: 'Change your listing; bumps its revision and re-scores it' })
    @ApiBody({ type: updateDto })
    @ApiOkResponse({ type: ListingResponseDto })
    @ApiErrorResponse(409)
    async update(
      @CurrentUser() user: AuthenticatedUser,
      @Param('id', ParseUUIDPipe) id: string,
      @Body(validateAs(updateDto)) dto: UpdateListingDto,
    ): Promise<ListingResponseDto> {
      return this.respond(await this.listings.update(user, kind, id, dto), user);
    }

    @Delete(':id')
    @ApiOperation({ summary: 'Withdraw your listing; its matches leave every recommendation list' })
    @ApiOkResponse({ type: ListingResponseDto })
    @ApiErrorResponse(409)
    async withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ListingResponseDto> {
      return this.respond(await this.listings.withdraw(user, kind, id), user);
    }

    @Post(':id/close')
    @HttpCode(200)
    @ApiOperation({ summary: 'Close your listing (the transfer happened or is no longer sought)' })
    @ApiOkResponse({ type: ListingResponseDto })
    @ApiErrorResponse(409)
    async close(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ListingResponseDto> {
      return this.respond(await this.listings.close(user, kind, id), user);
    }

    @Post(':id/renew')
    @HttpCode(200)
    @ApiOperation({ summary: `Publish your listing for another ${365} days` })
    @ApiOkResponse({ type: ListingResponseDto })
    @ApiErrorResponse(409)
    async renew(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ListingResponseDto> {
      return this.respond(await this.listings.renew(user, kind, id), user);
    }
  }
  return KindListingsController;
}

export class OffersController extends listingsController('offer', 'offers', CreateOfferDto, UpdateOfferDto) {}
export class NeedsController extends listingsController('need', 'needs', CreateNeedDto, UpdateNeedDto) {}
