import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, toPage } from '../../common/pagination/page';
import { AgendaMeeting, AgendaSession, SessionMeetingRow } from './agenda/agenda-documents';
import { MatchmakingSession } from './session.entity';
import { MeetingStatus } from './sessions.constants';
import { SessionMeetingsQueryDto } from './sessions.dto';
import { AgendaMeetingDto, OutcomeResponseDto, SessionMeetingDto } from './sessions-response.dto';
import { SessionsService } from './sessions.service';
import { formatInZone, localDateAndTime } from './time/zoned-time';

export interface MeetingRow {
  id: string;
  match_id: string;
  status: MeetingStatus;
  slot_index: number;
  table_number: number;
  starts_at: Date;
  ends_at: Date;
  priority: number;
  interpreter: string | null;
  cancel_reason: string | null;
  offer_party_id: string;
  offer_party_name: string;
  offer_country: string;
  need_party_id: string;
  need_party_name: string;
  need_country: string;
  offer_id: string;
  offer_title: string;
  need_id: string;
  need_title: string;
  outcomes: { party_id: string; side: 'offer' | 'need'; outcome: string; agreement_type: string | null; note: string | null; updated_at: string }[];
}

export const SELECT_MEETINGS = `
  SELECT mt.id, mt.match_id, mt.status, mt.slot_index, mt.table_number, mt.starts_at, mt.ends_at, mt.priority, mt.interpreter, mt.cancel_reason,
         mt.offer_party_id, op.name AS offer_party_name, op.country AS offer_country,
         mt.need_party_id, np.name AS need_party_name, np.country AS need_country,
         o.id AS offer_id, o.title AS offer_title, n.id AS need_id, n.title AS need_title,
         COALESCE((SELECT json_agg(json_build_object('party_id', x.party_id, 'side', x.side, 'outcome', x.outcome, 'agreement_type', x.agreement_type,
                                                     'note', x.note, 'updated_at', x.updated_at) ORDER BY x.side)
                     FROM meeting_outcomes x WHERE x.meeting_id = mt.id), '[]') AS outcomes
    FROM meetings mt
    JOIN matches m ON m.id = mt.match_id
    JOIN listings o ON o.id = m.offer_id
    JOIN listings n ON n.id = m.need_id
    JOIN parties op ON op.id = mt.offer_party_id
    JOIN parties np ON np.id = mt.need_party_id`;

export interface PartyAgenda {
  session: AgendaSession;
  party: { id: string; name: string };
  meetings: AgendaMeeting[];
  json: AgendaMeetingDto[];
}

/** Agendas: a party's own meetings once published (admins see drafts too), and the admin's list of all. */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
  ) {}

  async partyAgenda(user: AuthenticatedUser, sessionId: string, partyId?: string): Promise<PartyAgenda> {
    const admin = AccessPolicy.isAdmin(user);
    if (partyId && !admin) throw new ForbiddenException('only admins read another party’s agenda');
    const party = partyId ?? user.partyId;
    if (!party) throw new BadRequestException('admins name the party whose agenda they want: ?partyId=');
    const session = await this.sessions.find(sessionId);
    // Parties see the agenda only once it is published, and only meetings that were confirmed.
    if (!admin && session.status !== 'published') throw new NotFoundException('agenda not found: this session’s agenda is not published yet');
    const [partyRow] = await this.dataSource.query('SELECT id, name FROM parties WHERE id = $1', [party]);
    if (!partyRow) throw new NotFoundException('party not found');
    const rows: MeetingRow[] = await this.dataSource.query(
      `${SELECT_MEETINGS}
        WHERE mt.session_id = $1 AND (mt.offer_party_id = $2 OR mt.need_party_id = $2) ${admin ? '' : 'AND mt.confirmed_at IS NOT NULL'}
        ORDER BY mt.starts_at, mt.status = 'cancelled', mt.table_number`,
      [sessionId, party],
    );
    const meetings = rows.map((row) => toAgendaMeeting(row, party));
    return {
      session: agendaSession(session),
      party: { id: partyRow.id, name: partyRow.name },
      meetings,
      json: rows.map((row, i) => toAgendaDto(meetings[i], row, party, session.timeZone)),
    };
  }

  async sessionMeetings(sessionId: string, query: SessionMeetingsQueryDto): Promise<{ session: MatchmakingSession; page: Page<SessionMeetingDto> }> {
    const session = await this.sessions.find(sessionId);
    const after = decodeCursor(query.cursor, 3);
    const params: unknown[] = [sessionId];
    let where = 'mt.session_id = $1';
    if (query.status) {
      params.push(query.status);
      where += ` AND mt.status = $${params.length}`;
    }
    if (after) {
      params.push(after[0], after[1], after[2]);
      where += ` AND (mt.slot_index, mt.table_number, mt.id) > ($${params.length - 2}::int, $${params.length - 1}::int, $${params.length}::uuid)`;
    }
    const rows: MeetingRow[] = await this.dataSource.query(
      `${SELECT_MEETINGS} WHERE ${where} ORDER BY mt.slot_index, mt.table_number, mt.id LIMIT ${query.limit + 1}`,
      params,
    );
    const page = toPage(rows, query.limit, (row) => toSessionMeetingDto(row, session.timeZone), (row) => [row.slot_index, row.table_number, row.id]);
    return { session, page };
  }

  /** Every meeting of the session for the CSV export, in slot and table order. */
  async allSessionMeetings(sessionId: string, status?: MeetingStatus): Promise<{ session: AgendaSession; rows: SessionMeetingRow[] }> {
    const session = await this.sessions.find(sessionId);
    const rows: MeetingRow[] = await this.dataSource.query(
      `${SELECT_MEETINGS} WHERE mt.session_id = $1 ${status ? 'AND mt.status = $2' : ''} ORDER BY mt.slot_index, mt.table_number, mt.id`,
      status ? [sessionId, status] : [sessionId],
    );
    return { session: agendaSession(session), rows: rows.map(toSessionMeetingRow) };
  }
}

function agendaSession(session: MatchmakingSession): AgendaSession {
  return { id: session.id, name: session.name, venue: session.venue, timeZone: session.timeZone };
}

function toAgendaMeeting(row: MeetingRow, partyId: string): AgendaMeeting {
  const side = row.offer_party_id === partyId ? 'offer' : 'need';
  return {
    id: row.id,
    status: row.status,
    slot: row.slot_index,
    table: row.table_number,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    side,
    counterpart:
      side === 'offer'
        ? { partyId: row.need_party_id, name: row.need_party_name, country: row.need_country.trim() }
        : { partyId: row.offer_party_id, name: row.offer_party_name, country: row.offer_country.trim() },
    offer: { id: row.offer_id, title: row.offer_title },
    need: { id: row.need_id, title: row.need_title },
    interpreter: row.interpreter,
  };
}

function toAgendaDto(meeting: AgendaMeeting, row: MeetingRow, partyId: string, timeZone: string): AgendaMeetingDto {
  const start = localDateAndTime(meeting.startsAt, timeZone);
  const own = row.outcomes.find((o) => o.party_id === partyId);
  return {
    id: meeting.id,
    status: meeting.status,
    slot: meeting.slot,
    table: meeting.table,
    startsAt: formatInZone(meeting.startsAt, timeZone),
    endsAt: formatInZone(meeting.endsAt, timeZone),
    localDate: start.date,
    localStart: start.time,
    localEnd: localDateAndTime(meeting.endsAt, timeZone).time,
    side: meeting.side,
    counterpart: meeting.counterpart,
    offer: meeting.offer,
    need: meeting.need,
    interpreter: meeting.interpreter,
    outcome: own ? toOutcomeDto(row.id, own) : null,
  };
}

export function toOutcomeDto(meetingId: string, outcome: MeetingRow['outcomes'][number]): OutcomeResponseDto {
  return {
    meetingId,
    side: outcome.side,
    outcome: outcome.outcome,
    agreementType: outcome.agreement_type,
    note: outcome.note,
    updatedAt: new Date(outcome.updated_at).toISOString(),
  };
}

function toSessionMeetingRow(row: MeetingRow): SessionMeetingRow {
  return {
    id: row.id,
    status: row.status,
    slot: row.slot_index,
    table: row.table_number,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    priority: row.priority,
    interpreter: row.interpreter,
    offerParty: { id: row.offer_party_id, name: row.offer_party_name, country: row.offer_country.trim() },
    needParty: { id: row.need_party_id, name: row.need_party_name, country: row.need_country.trim() },
    offer: { id: row.offer_id, title: row.offer_title },
    need: { id: row.need_id, title: row.need_title },
  };
}

function toSessionMeetingDto(row: MeetingRow, timeZone: string): SessionMeetingDto {
  return {
    id: row.id,
    matchId: row.match_id,
    status: row.status,
    slot: row.slot_index,
    table: row.table_number,
    startsAt: formatInZone(new Date(row.starts_at), timeZone),
    endsAt: formatInZone(new Date(row.ends_at), timeZone),
    priority: row.priority,
    interpreter: row.interpreter,
    offerParty: { partyId: row.offer_party_id, name: row.offer_party_name, country: row.offer_country.trim() },
    needParty: { partyId: row.need_party_id, name: row.need_party_name, country: row.need_country.trim() },
    offer: { id: row.offer_id, title: row.offer_title },
    need: { id: row.need_id, title: row.need_title },
    outcomes: row.outcomes.map((o) => toOutcomeDto(row.id, o)),
    cancelReason: row.cancel_reason,
  };
}
