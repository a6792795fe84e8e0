import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { agendaCalendar, agendaCsv } from './agenda/agenda-documents';
import { AgendaService } from './agenda.service';
import { AgendaQueryDto, AvailabilityDto } from './sessions.dto';
import { AgendaResponseDto, AvailabilityResponseDto, SessionResponseDto } from './sessions-response.dto';
import { SessionsService } from './sessions.service';
import { ApiErrorResponse, ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly agendas: AgendaService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Matchmaking sessions, latest first' })
  @ApiPageResponse(SessionResponseDto)
  list(@CurrentUser() user: AuthenticatedUser, @Query() page: PageQueryDto): Promise<Page<SessionResponseDto>> {
    return this.sessions.list(user, page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session with its slots, in the venue’s local time' })
  @ApiOkResponse({ type: SessionResponseDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<SessionResponseDto> {
    return this.sessions.get(user, id);
  }

  @Get(':id/availability')
  @ApiOperation({ summary: 'Your party’s availability and maximum in this session' })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  availability(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<AvailabilityResponseDto> {
    return this.sessions.availability(user, id);
  }

  @Put(':id/availability')
  @ApiOperation({ summary: 'Set your party’s availability (slot indexes or time ranges; neither: every slot) and maximum number of meetings' })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiErrorResponse(403, 'An account without a party (admins use the admin route)')
  setAvailability(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AvailabilityDto): Promise<AvailabilityResponseDto> {
    return this.sessions.setAvailability(user, id, dto);
  }

  @Get(':id/agenda')
  @ApiOperation({ summary: 'Your party’s meetings once the agenda is published; ?format=ics (iCalendar) or csv' })
  @ApiProduces('application/json', 'text/calendar', 'text/csv')
  @ApiOkResponse({ type: AgendaResponseDto })
  @ApiErrorResponse(403, 'partyId of another party, asked by a member')
  async agenda(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: AgendaQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AgendaResponseDto | string> {
    const agenda = await this.agendas.partyAgenda(user, id, query.partyId);
    if (query.format === 'ics') {
      response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="agenda-${id}.ics"`);
      return agendaCalendar(agenda.session, agenda.party.name, agenda.meetings);
    }
    if (query.format === 'csv') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="agenda-${id}.csv"`);
      return agendaCsv(agenda.session, agenda.meetings);
    }
    return { session: agenda.session, party: agenda.party, meetings: agenda.json };
  }
}
