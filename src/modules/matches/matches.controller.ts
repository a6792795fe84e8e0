import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { PageQueryDto } from '../../common/pagination/page';
import { MatchFeedbackDto, MatchFeedbackResponseDto, RecommendationQueryDto, SetPreferenceDto } from './match-actions.dto';
import { MatchPreferencesService } from './match-preferences.service';
import { MatchResponseDto } from './match-response.dto';
import { MatchesService } from './matches.service';
import { JsonPage } from './recommendation-page-cache';
import { RecommendationsRateLimited } from './recommendations-throttler.guard';
import { ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

/**
 * The recommendation lists are sent as the bytes the service built (and may have cached), not
 * re-serialised; with the page's own ETag set, Express does not hash the body again and still
 * answers a conditional GET with 304.
 */
function send(response: Response, page: JsonPage): void {
  response.type('json').setHeader('ETag', page.etag);
  response.send(page.body);
}

@ApiStandardErrors()
@ApiTags('matches')
@ApiBearerAuth()
@Controller()
export class MatchesController {
  constructor(
    private readonly matches: MatchesService,
    private readonly preferences: MatchPreferencesService,
  ) {}

  @Get('offers/:id/matches')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'Ranked, explained recommendations for one of your offers' })
  @ApiPageResponse(MatchResponseDto)
  async forOffer(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto, @Res() response: Response): Promise<void> {
    send(response, await this.matches.forListing(user, 'offer', id, page));
  }

  @Get('needs/:id/matches')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'Ranked, explained recommendations for one of your needs' })
  @ApiPageResponse(MatchResponseDto)
  async forNeed(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto, @Res() response: Response): Promise<void> {
    send(response, await this.matches.forListing(user, 'need', id, page));
  }

  @Get('recommendations')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'All recommendations for your party, best first; status=approved for the approved introductions' })
  @ApiPageResponse(MatchResponseDto)
  async recommendations(@CurrentUser() user: AuthenticatedUser, @Query() query: RecommendationQueryDto, @Res() response: Response): Promise<void> {
    send(response, await this.matches.forParty(user, query));
  }

  @Get('matches/:id')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'One recommendation of your party' })
  @ApiOkResponse({ type: MatchResponseDto })
  findOne(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<MatchResponseDto> {
    return this.matches.findForParty(user, id);
  }

  @Post('matches/:id/preference')
  @HttpCode(200)
  @ApiOperation({ summary: 'Say whether your side wants to meet: must-meet, meet or no-thanks' })
  @ApiOkResponse({ type: MatchResponseDto })
  async setPreference(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetPreferenceDto): Promise<MatchResponseDto> {
    await this.preferences.setPreference(user, id, dto.preference);
    return this.matches.findForParty(user, id);
  }

  @Post('matches/:id/feedback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Say why a recommendation misses (kept to tune the scoring weights); a second call replaces your first' })
  @ApiCreatedResponse({ type: MatchFeedbackResponseDto })
  feedback(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MatchFeedbackDto): Promise<MatchFeedbackResponseDto> {
    return this.preferences.recordFeedback(user, id, dto);
  }
}
