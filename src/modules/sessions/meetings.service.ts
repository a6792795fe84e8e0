import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { SECTORS } from '../matching/taxonomy/taxonomy.types';
import { compareCountryPairs, countryPairLabel } from '../stats/country-pair';
import { AGREEMENT_TYPES, MeetingStatus, OUTCOMES } from './sessions.constants';
import { CancelMeetingDto, RecordOutcomeDto } from './sessions.dto';
import { OutcomeResponseDto, OutcomeStatsDto } from './sessions-response.dto';
import { formatInZone } from './time/zoned-time';

interface LockedMeeting {
  id: string;
  session_id: string;
  status: MeetingStatus;
  offer_party_id: string;
  need_party_id: string;
  starts_at: Date;
  confirmed_at: Date | null;
  time_zone: string;
}

/** Cancellations, outcomes and the organisers' outcome figures. */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * An admin cancels any live meeting; a party cancels one of its confirmed meetings before it
   * starts. The place it frees is filled by the next re-plan; the pair is not placed again here.
   */
  async cancel(user: AuthenticatedUser, meetingId: string, dto: CancelMeetingDto): Promise<{ id: string; status: 'cancelled'; cancelledAt: string }> {
    const admin = AccessPolicy.isAdmin(user);
    return this.dataSource.transaction(async (manager) => {
      const [meeting]: LockedMeeting[] = await manager.query(
        `SELECT mt.id, mt.session_id, mt.status, mt.offer_party_id, mt.need_party_id, mt.starts_at, mt.confirmed_at, s.time_zone
           FROM meetings mt JOIN matchmaking_sessions s ON s.id = mt.session_id
          WHERE mt.id = $1 FOR UPDATE OF mt`,
        [meetingId],
      );
      const visible = AccessPolicy.visibleOr404(meeting, (m) => admin || (m.confirmed_at !== null && isSide(user, m)), 'meeting');
      if (visible.status === 'cancelled') throw new ConflictException('the meeting is already cancelled');
      if (!admin && new Date(visible.starts_at).getTime() <= Date.now()) throw new ConflictException('the meeting has already started; ask the organisers to cancel it');
      const [[row]]: [{ cancelled_at: Date }[], number] = await manager.query(
        `UPDATE meetings SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3, updated_at = now()
          WHERE id = $1 RETURNING cancelled_at`,
        [meetingId, user.userId, dto.reason ?? null],
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'meeting.cancelled',
        objectType: 'meeting',
        objectId: meetingId,
        summary: { sessionId: visible.session_id, previousStatus: visible.status, by: admin ? 'admin' : sideOf(user, visible), reason: dto.reason ?? null },
      });
      return { id: meetingId, status: 'cancelled', cancelledAt: new Date(row.cancelled_at).toISOString() };
    });
  }

  /** Each side records its own outcome once the meeting has begun, and may change it later. */
  async recordOutcome(user: AuthenticatedUser, meetingId: string, dto: RecordOutcomeDto): Promise<OutcomeResponseDto> {
    if (dto.agreementType !== undefined && dto.outcome !== 'agreement') throw new BadRequestException('agreementType is only for outcome agreement');
    return this.dataSource.transaction(async (manager) => {
      const [meeting]: LockedMeeting[] = await manager.query(
        `SELECT mt.id, mt.session_id, mt.status, mt.offer_party_id, mt.need_party_id, mt.starts_at, mt.confirmed_at, s.time_zone
           FROM meetings mt JOIN matchmaking_sessions s ON s.id = mt.session_id
          WHERE mt.id = $1`,
        [meetingId],
      );
      const visible = AccessPolicy.visibleOr404(meeting, (m) => m.confirmed_at !== null && isSide(user, m), 'meeting');
      if (visible.status === 'cancelled') throw new ConflictException('the meeting was cancelled; there is no outcome to record');
      if (new Date(visible.starts_at).getTime() > Date.now()) {
        throw new ConflictException(`the meeting has not taken place yet: it starts at ${formatInZone(new Date(visible.starts_at), visible.time_zone)}`);
      }
      const side = sideOf(user, visible);
      const [saved]: { outcome: string; agreement_type: string | null; note: string | null; updated_at: Date; previous: string | null }[] = await manager.query(
        `WITH previous AS (SELECT outcome FROM meeting_outcomes WHERE meeting_id = $1 AND party_id = $2)
         INSERT INTO meeting_outcomes (meeting_id, party_id, side, outcome, agreement_type, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (meeting_id, party_id) DO UPDATE
            SET outcome = EXCLUDED.outcome, agreement_type = EXCLUDED.agreement_type, note = EXCLUDED.note,
                recorded_by = EXCLUDED.recorded_by, updated_at = now()
         RETURNING outcome, agreement_type, note, updated_at, (SELECT outcome FROM previous) AS previous`,
        [meetingId, user.partyId, side, dto.outcome, dto.agreementType ?? null, dto.note ?? null, user.userId],
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'meeting.outcome-recorded',
        objectType: 'meeting',
        objectId: meetingId,
        summary: { side, outcome: saved.outcome, agreementType: saved.agreement_type, previous: saved.previous },
      });
      return { meetingId, side, outcome: saved.outcome, agreementType: saved.agreement_type, note: saved.note, updatedAt: new Date(saved.updated_at).toISOString() };
    });
  }

  /**
   * Outcomes of confirmed meetings, one session or all. A meeting counts as an agreement when
   * either side recorded one (and as confirmed by both when both did); by sector of the match and
   * by country pair, China first, as the forum reports them.
   */
  async outcomeStats(sessionId?: string): Promise<OutcomeStatsDto> {
    const filter = sessionId ? 'AND mt.session_id = $1' : '';
    const params = sessionId ? [sessionId] : [];
    if (sessionId) {
      const [exists] = await this.dataSource.query('SELECT 1 FROM matchmaking_sessions WHERE id = $1', [sessionId]);
      if (!exists) throw new NotFoundException('session not found');
    }
    const [statusRows, outcomeRows, agreementRows]: [
      { status: MeetingStatus; count: number }[],
      { outcome: string; count: number }[],
      { sector: string; offer_country: string; need_country: string; types: string[]; sides: number }[],
    ] = await Promise.all([
      this.dataSource.query(`SELECT mt.status, count(*)::int AS count FROM meetings mt WHERE true ${filter} GROUP BY mt.status`, params),
      this.dataSource.query(
        `SELECT x.outcome, count(*)::int AS count FROM meeting_outcomes x JOIN meetings mt ON mt.id = x.meeting_id
          WHERE mt.status = 'confirmed' ${filter} GROUP BY x.outcome`,
        params,
      ),
      this.dataSource.query(
        `SELECT m.sector, op.country AS offer_country, np.country AS need_country,
                array_agg(DISTINCT x.agreement_type) AS types, count(*)::int AS sides
           FROM meeting_outcomes x
           JOIN meetings mt ON mt.id = x.meeting_id
           JOIN matches m ON m.id = mt.match_id
           JOIN parties op ON op.id = mt.offer_party_id
           JOIN parties np ON np.id = mt.need_party_id
          WHERE x.outcome = 'agreement' AND mt.status = 'confirmed' ${filter}
          GROUP BY mt.id, m.sector, op.country, np.country`,
        params,
      ),
    ]);
    const [withOutcome] = await this.dataSource.query(
      `SELECT count(DISTINCT x.meeting_id)::int AS count FROM meeting_outcomes x JOIN meetings mt ON mt.id = x.meeting_id WHERE mt.status = 'confirmed' ${filter}`,
      params,
    );

    const meetings = { draft: 0, confirmed: 0, cancelled: 0 };
    for (const row of statusRows) meetings[row.status] = row.count;
    const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<string, number>;
    for (const row of outcomeRows) outcomes[row.outcome] = row.count;
    const byType = new Map<string, number>(AGREEMENT_TYPES.map((type) => [type, 0]));
    const bySector = new Map<string, number>(SECTORS.map((sector) => [sector, 0]));
    const byPair = new Map<string, number>();
    for (const row of agreementRows) {
      for (const type of row.types) byType.set(type, (byType.get(type) ?? 0) + 1);
      bySector.set(row.sector, (bySector.get(row.sector) ?? 0) + 1);
      const pair = countryPairLabel(row.offer_country, row.need_country);
      byPair.set(pair, (byPair.get(pair) ?? 0) + 1);
    }
    return {
      sessionId: sessionId ?? null,
      meetings,
      withOutcome: withOutcome.count,
      outcomes,
      agreements: {
        total: agreementRows.length,
        confirmedByBoth: agreementRows.filter((row) => row.sides === 2).length,
        byType: [...byType].map(([type, count]) => ({ type, count })),
        bySector: [...bySector].map(([sector, count]) => ({ sector, count })),
        byCountryPair: [...byPair].sort(([a], [b]) => compareCountryPairs(a, b)).map(([pair, count]) => ({ pair, count })),
      },
    };
  }
}

function isSide(user: AuthenticatedUser, meeting: { offer_party_id: string; need_party_id: string }): boolean {
  return AccessPolicy.ownsParty(user, meeting.offer_party_id) || AccessPolicy.ownsParty(user, meeting.need_party_id);
}

function sideOf(user: AuthenticatedUser, meeting: { offer_party_id: string }): 'offer' | 'need' {
  return AccessPolicy.ownsParty(user, meeting.offer_party_id) ? 'offer' : 'need';
}
