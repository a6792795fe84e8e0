import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { MatchFeedbackDto, MatchFeedbackResponseDto, RecommendationQueryDto, SetPreferenceDto } from './match-actions.dto';
import { MatchPreferencesService } from './match-preferences.service';
import { MatchResponseDto } from './match-response.dto';
import { MatchesService } from './matches.service';
import { RecommendationsRateLimited } from './recommendations-throttler.guard';
import { ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

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
  forOffer(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forListing(user, 'offer', id, page);
  }

  @Get('needs/:id/matches')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'Ranked, explained recommendations for one of your needs' })
  @ApiPageResponse(MatchResponseDto)
  forNeed(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forListing(user, 'need', id, page);
  }

  @Get('recommendations')
  @RecommendationsRateLimited()
  @ApiOperation({ summary: 'All recommendations for your party, best first; status=approved for the approved introductions' })
  @ApiPageResponse(MatchResponseDto)
  recommendations(@CurrentUser() user: AuthenticatedUser, @Query() query: RecommendationQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forParty(user, query);
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
