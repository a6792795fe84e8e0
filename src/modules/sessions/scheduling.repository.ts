import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { meetingPriority, MeetingPreference } from '../matching/scoring/meeting-priority';
import { CandidateMeeting, FixedMeeting, PlacedMeeting, SchedulingParty, SchedulingProblem } from './scheduling/scheduling.types';
import { MatchmakingSession } from './session.entity';
import { Slot } from './time/session-slots';

interface CandidateRow {
  id: string;
  offer_party_id: string;
  need_party_id: string;
  score: number;
  offer_preference: MeetingPreference | null;
  need_preference: MeetingPreference | null;
}

/**
 * Approved matches that may still meet in this session: both listings published, neither side
 * said no-thanks, not already meeting here or in another session, and not cancelled here (a
 * cancelled pair is not brought back by a re-plan).
 */
const CANDIDATES = `
  SELECT m.id, m.offer_party_id, m.need_party_id, m.score, m.offer_preference, m.need_preference
    FROM matches m
    JOIN listings o ON o.id = m.offer_id AND o.status = 'published'
    JOIN listings n ON n.id = m.need_id AND n.status = 'published'
   WHERE m.status = 'approved'
     AND m.offer_preference IS DISTINCT FROM 'no-thanks'
     AND m.need_preference IS DISTINCT FROM 'no-thanks'
     AND NOT EXISTS (SELECT 1 FROM meetings x WHERE x.match_id = m.id AND (x.status <> 'cancelled' OR x.session_id = $1))`;

export interface LoadedProblem {
  problem: SchedulingProblem;
  /** Each candidate's two parties, by match id, to write the meetings. */
  sides: Map<string, { offerPartyId: string; needPartyId: string }>;
}

/** The scheduler's reads and writes, all through the caller's transaction. */
@Injectable()
export class SchedulingRepository {
  async loadProblem(manager: EntityManager, session: MatchmakingSession, slotCount: number): Promise<LoadedProblem> {
    const fixedRows: { match_id: string; offer_party_id: string; need_party_id: string; slot_index: number; table_number: number; interpreter: string | null }[] =
      await manager.query(
        `SELECT match_id, offer_party_id, need_party_id, slot_index, table_number, interpreter
           FROM meetings WHERE session_id = $1 AND status <> 'cancelled'`,
        [session.id],
      );
    const candidateRows: CandidateRow[] = await manager.query(`${CANDIDATES} ORDER BY m.id`, [session.id]);

    const fixed: FixedMeeting[] = fixedRows.map((row) => ({
      id: row.match_id,
      parties: [row.offer_party_id, row.need_party_id],
      slot: row.slot_index,
      table: row.table_number,
      interpreter: row.interpreter,
    }));
    const candidates: CandidateMeeting[] = [];
    const sides = new Map<string, { offerPartyId: string; needPartyId: string }>();
    for (const row of candidateRows) {
      const priority = meetingPriority(Math.min(1, Math.max(0, row.score)), row.offer_preference, row.need_preference);
      if (priority === null) continue;
      candidates.push({ id: row.id, parties: [row.offer_party_id, row.need_party_id], priority });
      sides.set(row.id, { offerPartyId: row.offer_party_id, needPartyId: row.need_party_id });
    }

    const partyIds = [...new Set([...fixed, ...candidates].flatMap((m) => m.parties))];
    const partyRows: { id: string; languages: string[]; available_slots: number[] | null; max_meetings: number | null }[] = partyIds.length
      ? await manager.query(
          `SELECT p.id, p.languages, sp.available_slots, sp.max_meetings
             FROM parties p LEFT JOIN session_parties sp ON sp.party_id = p.id AND sp.session_id = $1
            WHERE p.id = ANY($2::uuid[])`,
          [session.id, partyIds],
        )
      : [];
    const parties: SchedulingParty[] = partyRows.map((row) => ({
      id: row.id,
      languages: row.languages,
      // Slots beyond the session's (none, unless data was edited by hand) are simply ignored.
      availableSlots: row.available_slots === null ? null : row.available_slots.filter((s) => s >= 0 && s < slotCount),
      maxMeetings: row.max_meetings,
    }));

    return {
      problem: {
        slotCount,
        tableCount: session.tableCount,
        parties,
        interpreters: session.interpreters.map((pool) => ({ languages: pool.languages, count: pool.count })),
        candidates,
        fixed,
      },
      sides,
    };
  }

  async insertDraftMeetings(manager: EntityManager, sessionId: string, slots: readonly Slot[], placed: readonly PlacedMeeting[], sides: LoadedProblem['sides']): Promise<void> {
    if (placed.length === 0) return;
    const rows = placed.map((meeting) => ({
      match_id: meeting.id,
      offer_party_id: sides.get(meeting.id)!.offerPartyId,
      need_party_id: sides.get(meeting.id)!.needPartyId,
      slot_index: meeting.slot,
      table_number: meeting.table,
      starts_at: slots[meeting.slot].startsAt.toISOString(),
      ends_at: slots[meeting.slot].endsAt.toISOString(),
      priority: meeting.priority,
      interpreter: meeting.interpreter,
    }));
    await manager.query(
      `INSERT INTO meetings (session_id, match_id, offer_party_id, need_party_id, slot_index, table_number, starts_at, ends_at, priority, interpreter, status)
       SELECT $1, r.match_id, r.offer_party_id, r.need_party_id, r.slot_index, r.table_number, r.starts_at, r.ends_at, r.priority, r.interpreter, 'draft'
         FROM jsonb_to_recordset($2::jsonb) AS r(match_id uuid, offer_party_id uuid, need_party_id uuid, slot_index int, table_number int,
                                                 starts_at timestamptz, ends_at timestamptz, priority real, interpreter varchar)`,
      [sessionId, JSON.stringify(rows)],
    );
  }
}
