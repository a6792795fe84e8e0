import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { MatchResponseDto } from './match-response.dto';
import { MatchesService } from './matches.service';

@ApiTags('matches')
@ApiBearerAuth()
@Controller()
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get('offers/:id/matches')
  @ApiOperation({ summary: 'Ranked, explained recommendations for one of your offers' })
  forOffer(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forListing(user, 'offer', id, page);
  }

  @Get('needs/:id/matches')
  @ApiOperation({ summary: 'Ranked, explained recommendations for one of your needs' })
  forNeed(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forListing(user, 'need', id, page);
  }

  @Get('recommendations')
  @ApiOperation({ summary: 'All recommendations for your party, best first' })
  recommendations(@CurrentUser() user: AuthenticatedUser, @Query() page: PageQueryDto): Promise<Page<MatchResponseDto>> {
    return this.matches.forParty(user, page);
  }
}
