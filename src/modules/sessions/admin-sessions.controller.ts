import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Roles } from '../../common/auth/roles.decorator';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { sessionMeetingsCsv } from './agenda/agenda-documents';
import { AgendaService } from './agenda.service';
import { MeetingsService } from './meetings.service';
import { SchedulingService } from './scheduling.service';
import { AvailabilityDto, CancelMeetingDto, CreateSessionDto, OutcomeStatsQueryDto, ScheduleRequestDto, SessionMeetingsQueryDto } from './sessions.dto';
import { AvailabilityResponseDto, OutcomeStatsDto, PublishResponseDto, ScheduleStatusDto, SessionMeetingDto, SessionResponseDto } from './sessions-response.dto';
import { SessionsService } from './sessions.service';
import { ApiErrorResponse, ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('sessions')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly scheduling: SchedulingService,
    private readonly agendas: AgendaService,
    private readonly meetings: MeetingsService,
  ) {}

  @Post('sessions')
  @ApiOperation({ summary: 'Create a matchmaking session: window, slot length, tables, breaks, interpreters (audited)' })
  @ApiCreatedResponse({ type: SessionResponseDto })
  create(@CurrentUser() admin: AuthenticatedUser, @Body() dto: CreateSessionDto): Promise<SessionResponseDto> {
    return this.sessions.create(admin, dto);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Every session, latest first, with meeting counts and the last scheduling run' })
  @ApiPageResponse(SessionResponseDto)
  list(@CurrentUser() admin: AuthenticatedUser, @Query() page: PageQueryDto): Promise<Page<SessionResponseDto>> {
    return this.sessions.list(admin, page);
  }

  @Post('sessions/:id/schedule')
  @HttpCode(202)
  @ApiOperation({ summary: 'Plan the draft agenda in the background; 409 while another run holds the session' })
  @ApiAcceptedResponse({ schema: { properties: { jobId: { type: 'string' } } } })
  @ApiErrorResponse(409)
  schedule(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ScheduleRequestDto): Promise<{ jobId: string }> {
    return this.scheduling.request(admin, id, dto.mode ?? 'full');
  }

  @Post('sessions/:id/replan')
  @HttpCode(202)
  @ApiOperation({ summary: 'Fill free places (after cancellations) from the waiting list; no meeting moves' })
  @ApiAcceptedResponse({ schema: { properties: { jobId: { type: 'string' } } } })
  @ApiErrorResponse(409)
  replan(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<{ jobId: string }> {
    return this.scheduling.request(admin, id, 'replan');
  }

  @Get('sessions/:id/schedule')
  @ApiOperation({ summary: 'The scheduling run: whether one holds the session, its job state and progress, and what the last run did' })
  @ApiOkResponse({ type: ScheduleStatusDto })
  scheduleStatus(@Param('id', ParseUUIDPipe) id: string): Promise<ScheduleStatusDto> {
    return this.scheduling.status(id);
  }

  @Post('sessions/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the draft meetings; parties see them and are notified (audited)' })
  @ApiOkResponse({ type: PublishResponseDto })
  @ApiErrorResponse(409)
  publish(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<PublishResponseDto> {
    return this.scheduling.publish(admin, id);
  }

  @Get('sessions/:id/meetings')
  @ApiOperation({ summary: 'Every meeting of the session in slot and table order; ?format=csv for the whole list as a file' })
  @ApiProduces('application/json', 'text/csv')
  @ApiPageResponse(SessionMeetingDto)
  async meetingsOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: SessionMeetingsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<SessionMeetingDto> | string> {
    if (query.format === 'csv') {
      const { session, rows } = await this.agendas.allSessionMeetings(id, query.status);
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="meetings-${id}.csv"`);
      return sessionMeetingsCsv(session, rows);
    }
    return (await this.agendas.sessionMeetings(id, query)).page;
  }

  @Put('sessions/:id/parties/:partyId/availability')
  @ApiOperation({ summary: 'Set a party’s availability and maximum on its behalf (audited)' })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  setAvailability(
    @CurrentUser() admin: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('partyId', ParseUUIDPipe) partyId: string,
    @Body() dto: AvailabilityDto,
  ): Promise<AvailabilityResponseDto> {
    return this.sessions.setAvailability(admin, id, dto, partyId);
  }

  @Post('meetings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a meeting (draft or confirmed); a re-plan fills its place (audited)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['id', 'status', 'cancelledAt'],
      properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['cancelled'] }, cancelledAt: { type: 'string', format: 'date-time' } },
    },
  })
  @ApiErrorResponse(409)
  cancel(@CurrentUser() admin: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelMeetingDto) {
    return this.meetings.cancel(admin, id, dto);
  }

  @Get('meetings/stats')
  @ApiOperation({ summary: 'Meetings and outcomes; agreements by type, sector and country pair (one session or all)' })
  @ApiOkResponse({ type: OutcomeStatsDto })
  stats(@Query() query: OutcomeStatsQueryDto): Promise<OutcomeStatsDto> {
    return this.meetings.outcomeStats(query.sessionId);
  }
}
