import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, PageQueryDto, toPage } from '../../common/pagination/page';
import { AuditService } from '../audit/audit.service';
import { poolId } from './scheduling/scheduling-model';
import { MatchmakingSession } from './session.entity';
import { SessionParty } from './session-party.entity';
import { DEFAULT_TIME_ZONE } from './sessions.constants';
import { AvailabilityDto, CreateSessionDto } from './sessions.dto';
import { AvailabilityResponseDto, MeetingCountsDto, SessionResponseDto } from './sessions-response.dto';
import { sessionSlots, sessionWindowProblems, Slot, slotsWithin } from './time/session-slots';
import { canonicalTimeZone, formatInZone } from './time/zoned-time';

/** The slots of a stored session, from its window, slot length and breaks. */
export function slotsOf(session: MatchmakingSession): Slot[] {
  return sessionSlots({
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    slotMinutes: session.slotMinutes,
    breaks: session.breaks.map((b) => ({ startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) })),
  });
}

/** Sessions, their slots, and each party's availability and maximum in them. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(admin: AuthenticatedUser, dto: CreateSessionDto): Promise<SessionResponseDto> {
    const timeZone = canonicalTimeZone(dto.timeZone ?? DEFAULT_TIME_ZONE);
    if (!timeZone) throw new BadRequestException(`timeZone must be an IANA time zone such as Asia/Shanghai or Asia/Bangkok; ${JSON.stringify(dto.timeZone)} is not one`);
    const window = {
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      slotMinutes: dto.slotMinutes,
      breaks: (dto.breaks ?? []).map((b) => ({ startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) })),
    };
    const invalid = [window.startsAt, window.endsAt, ...window.breaks.flatMap((b) => [b.startsAt, b.endsAt])].some((d) => Number.isNaN(d.getTime()));
    if (invalid) throw new BadRequestException('startsAt, endsAt and breaks must be real dates and times');
    const problems = sessionWindowProblems(window);
    if (problems.length) throw new BadRequestException({ message: problems.join('; '), details: problems });
    const pools = new Map<string, number>();
    for (const pool of dto.interpreters ?? []) {
      const id = poolId([pool.languages[0], pool.languages[1]]);
      pools.set(id, (pools.get(id) ?? 0) + pool.count);
    }
    const slotCount = sessionSlots(window).length;

    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(MatchmakingSession, {
          name: dto.name.trim(),
          venue: dto.venue?.trim() || null,
          timeZone,
          startsAt: window.startsAt,
          endsAt: window.endsAt,
          slotMinutes: dto.slotMinutes,
          slotCount,
          tableCount: dto.tables,
          breaks: window.breaks.map((b) => ({ startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() })),
          interpreters: [...pools].map(([id, count]) => ({ languages: id.split('-') as [string, string], count })),
          status: 'setup',
          createdBy: admin.userId,
        }),
      );
      await this.audit.record(manager, {
        actor: admin,
        action: 'session.created',
        objectType: 'session',
        objectId: session.id,
        summary: { name: session.name, slots: slotCount, tables: session.tableCount, timeZone },
      });
      return this.toResponse(session, admin, { draft: 0, confirmed: 0, cancelled: 0 });
    });
  }

  /** Every session, latest first; members see them too, to give their availability. */
  async list(user: AuthenticatedUser, page: PageQueryDto): Promise<Page<SessionResponseDto>> {
    const after = decodeCursor(page.cursor, 2);
    const builder = this.dataSource
      .getRepository(MatchmakingSession)
      .createQueryBuilder('s')
      .orderBy('s.startsAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .take(page.limit + 1);
    if (after) builder.where('(s.startsAt, s.id) < (:startsAt, :id)', { startsAt: after[0], id: after[1] });
    const sessions = await builder.getMany();
    const counts = AccessPolicy.isAdmin(user) ? await this.meetingCounts(sessions.map((s) => s.id)) : new Map<string, MeetingCountsDto>();
    return toPage(sessions, page.limit, (s) => this.toResponse(s, user, counts.get(s.id)), (s) => [s.startsAt.toISOString(), s.id]);
  }

  async get(user: AuthenticatedUser, id: string): Promise<SessionResponseDto> {
    const session = await this.find(id);
    const counts = AccessPolicy.isAdmin(user) ? await this.meetingCounts([id]) : new Map<string, MeetingCountsDto>();
    return this.toResponse(session, user, counts.get(id));
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<MatchmakingSession> {
    const session = await manager.findOneBy(MatchmakingSession, { id });
    if (!session) throw new NotFoundException('session not found');
    return session;
  }

  async availability(user: AuthenticatedUser, sessionId: string, partyId?: string): Promise<AvailabilityResponseDto> {
    const party = this.partyFor(user, partyId);
    const session = await this.find(sessionId);
    const row = await this.dataSource.getRepository(SessionParty).findOneBy({ sessionId, partyId: party });
    return availabilityResponse(session, party, row);
  }

  /** Replaces the party's availability and maximum (PUT): what is not given means no restriction. */
  async setAvailability(user: AuthenticatedUser, sessionId: string, dto: AvailabilityDto, partyId?: string): Promise<AvailabilityResponseDto> {
    const party = this.partyFor(user, partyId);
    if (dto.slots !== undefined && dto.ranges !== undefined) throw new BadRequestException('give slots or ranges, not both');
    return this.dataSource.transaction(async (manager) => {
      const session = await this.find(sessionId, manager);
      const [exists] = await manager.query('SELECT 1 FROM parties WHERE id = $1', [party]);
      if (!exists) throw new NotFoundException('party not found');
      const slots = slotsOf(session);
      let available: number[] | null = null;
      if (dto.slots !== undefined) {
        const outside = dto.slots.filter((s) => s >= slots.length);
        if (outside.length) throw new BadRequestException(`slots ${outside.join(', ')} do not exist: this session has slots 0 to ${slots.length - 1}`);
        available = [...dto.slots].sort((a, b) => a - b);
      } else if (dto.ranges !== undefined) {
        const ranges = dto.ranges.map((r) => ({ startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) }));
        if (ranges.some((r) => !(r.endsAt.getTime() > r.startsAt.getTime()))) throw new BadRequestException('each range must end after it starts');
        available = slotsWithin(slots, ranges);
      }
      const row = await manager.save(
        manager.create(SessionParty, { sessionId, partyId: party, availableSlots: available, maxMeetings: dto.maxMeetings ?? null, updatedBy: user.userId }),
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'session.availability-set',
        objectType: 'session',
        objectId: sessionId,
        summary: { partyId: party, slots: available, maxMeetings: row.maxMeetings },
      });
      return availabilityResponse(session, party, row);
    });
  }

  /** A member speaks for its own party; an admin names the party. */
  private partyFor(user: AuthenticatedUser, partyId?: string): string {
    if (partyId) {
      if (!AccessPolicy.isAdmin(user)) throw new ForbiddenException('only admins set another party’s availability');
      return partyId;
    }
    if (!user.partyId) throw new ForbiddenException('only members of a party have an availability; admins use /admin/sessions/:id/parties/:partyId/availability');
    return user.partyId;
  }

  async meetingCounts(sessionIds: string[]): Promise<Map<string, MeetingCountsDto>> {
    const counts = new Map<string, MeetingCountsDto>(sessionIds.map((id) => [id, { draft: 0, confirmed: 0, cancelled: 0 }]));
    if (sessionIds.length === 0) return counts;
    const rows: { session_id: string; status: keyof MeetingCountsDto; count: number }[] = await this.dataSource.query(
      `SELECT session_id, status, count(*)::int AS count FROM meetings WHERE session_id = ANY($1::uuid[]) GROUP BY session_id, status`,
      [sessionIds],
    );
    for (const row of rows) counts.get(row.session_id)![row.status] = row.count;
    return counts;
  }

  toResponse(session: MatchmakingSession, user: AuthenticatedUser, counts?: MeetingCountsDto): SessionResponseDto {
    const zone = session.timeZone;
    const local = (d: Date | string) => formatInZone(new Date(d), zone);
    const response: SessionResponseDto = {
      id: session.id,
      name: session.name,
      venue: session.venue,
      timeZone: zone,
      startsAt: local(session.startsAt),
      endsAt: local(session.endsAt),
      slotMinutes: session.slotMinutes,
      tables: session.tableCount,
      breaks: session.breaks.map((b) => ({ startsAt: local(b.startsAt), endsAt: local(b.endsAt) })),
      interpreters: session.interpreters.map((p) => ({ languages: p.languages, count: p.count })),
      slots: slotsOf(session).map((slot) => ({ index: slot.index, startsAt: local(slot.startsAt), endsAt: local(slot.endsAt) })),
      status: session.status,
      publishedAt: session.publishedAt ? local(session.publishedAt) : null,
      createdAt: session.createdAt.toISOString(),
    };
    if (AccessPolicy.isAdmin(user)) {
      response.scheduling = { running: session.scheduleJobId !== null, jobId: session.scheduleJobId };
      response.meetings = counts ?? { draft: 0, confirmed: 0, cancelled: 0 };
      response.lastSchedule = session.lastSchedule as unknown as Record<string, unknown> | null;
    }
    return response;
  }
}

function availabilityResponse(session: MatchmakingSession, partyId: string, row: SessionParty | null): AvailabilityResponseDto {
  const all = Array.from({ length: session.slotCount }, (_, i) => i);
  return {
    sessionId: session.id,
    partyId,
    slots: row?.availableSlots ?? all,
    restricted: row?.availableSlots != null,
    maxMeetings: row?.maxMeetings ?? null,
  };
}
