import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Roles } from '../../common/auth/roles.decorator';
import { Page } from '../../common/pagination/page';
import { AdminMatchQueryDto, AdminMatchResponseDto, BulkReviewDto, BulkReviewResponseDto, ReviewMatchDto } from './review.dto';
import { ReviewService } from './review.service';
import { ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/matches')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  @ApiOperation({ summary: 'The match review queue, highest meeting priority first' })
  @ApiPageResponse(AdminMatchResponseDto)
  list(@CurrentUser() admin: AuthenticatedUser, @Query() query: AdminMatchQueryDto): Promise<Page<AdminMatchResponseDto>> {
    return this.review.list(admin, query);
  }

  @Post('review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Up to 500 decisions at once; a result per decision, the valid ones applied' })
  @ApiOkResponse({ type: BulkReviewResponseDto })
  bulk(@CurrentUser() admin: AuthenticatedUser, @Body() dto: BulkReviewDto): Promise<BulkReviewResponseDto> {
    return this.review.decideMany(admin, dto.decisions);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One match with its review state' })
  @ApiOkResponse({ type: AdminMatchResponseDto })
  findOne(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<AdminMatchResponseDto> {
    return this.review.findOne(admin, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a match as an introduction (both parties are notified)' })
  @ApiConflictResponse({ description: 'The version is stale, or a listing is no longer published' })
  @ApiOkResponse({ type: AdminMatchResponseDto })
  approve(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewMatchDto): Promise<AdminMatchResponseDto> {
    return this.review.decideOne(admin, id, 'approve', dto.version, dto.note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a match: it leaves both parties’ recommendations' })
  @ApiConflictResponse({ description: 'The version is stale' })
  @ApiOkResponse({ type: AdminMatchResponseDto })
  reject(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewMatchDto): Promise<AdminMatchResponseDto> {
    return this.review.decideOne(admin, id, 'reject', dto.version, dto.note);
  }
}
