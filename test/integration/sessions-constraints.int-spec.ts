import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { insertApprovedMatch, insertParty, insertSession } from '../factories/sessions';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';

/**
 * The database alone refuses double-booking, whatever the application does: these INSERTs bypass
 * every service, as a bug or a race would.
 */
describe('meetings: the database refuses double-booking', () => {
  let dataSource: DataSource;
  let sessionId: string;
  let a: string;
  let b: string;
  let c: string;
  let d: string;

  beforeAll(async () => {
    dataSource = await openEmptyTestDatabase();
  });
  afterAll(async () => {
    await closeEmptiedTestDatabase(dataSource);
  });
  beforeEach(async () => {
    sessionId = await insertSession(dataSource);
    [a, b, c, d] = await Promise.all(['CN', 'TH', 'VN', 'ID'].map((country) => insertParty(dataSource, { country })));
  });

  async function insertMeeting(offerParty: string, needParty: string, slot: number, table: number, status = 'draft', session = sessionId): Promise<string> {
    const { matchId } = await insertApprovedMatch(dataSource, offerParty, needParty);
    const [row] = await dataSource.query(
      `INSERT INTO meetings (session_id, match_id, offer_party_id, need_party_id, slot_index, table_number, starts_at, ends_at, priority, status)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + interval '30 minutes', 1, $7) RETURNING id`,
      [session, matchId, offerParty, needParty, slot, table, status],
    );
    return row.id;
  }

  it('refuses a party on the same side of two meetings in one slot', async () => {
    await insertMeeting(a, b, 0, 1);
    await expect(insertMeeting(a, c, 0, 2)).rejects.toThrow(/uq_meeting_attendance_party_slot/);
  });

  it('refuses a party on the offer side of one meeting and the need side of another in one slot', async () => {
    await insertMeeting(a, b, 1, 1);
    await expect(insertMeeting(c, a, 1, 2)).rejects.toThrow(/uq_meeting_attendance_party_slot/);
  });

  it('refuses two meetings at one table in one slot', async () => {
    await insertMeeting(a, b, 2, 5);
    await expect(insertMeeting(c, d, 2, 5)).rejects.toThrow(/uq_meetings_session_slot_table/);
  });

  it('refuses a party meeting itself', async () => {
    await expect(insertMeeting(a, a, 0, 1)).rejects.toThrow(/ck_meetings_two_parties/);
  });

  it('refuses moving a meeting onto a busy party by UPDATE', async () => {
    await insertMeeting(a, b, 0, 1);
    const other = await insertMeeting(a, c, 1, 1);
    await expect(dataSource.query('UPDATE meetings SET slot_index = 0, table_number = 2 WHERE id = $1', [other])).rejects.toThrow(/uq_meeting_attendance_party_slot/);
  });

  it('lets a cancelled meeting block nothing, and keeps attendance only for live meetings', async () => {
    const first = await insertMeeting(a, b, 3, 1, 'confirmed');
    await dataSource.query(`UPDATE meetings SET status = 'cancelled' WHERE id = $1`, [first]);
    const second = await insertMeeting(a, c, 3, 1, 'draft');
    const attendance = await dataSource.query('SELECT meeting_id, party_id FROM meeting_attendance WHERE session_id = $1 AND slot_index = 3 ORDER BY party_id', [sessionId]);
    expect(attendance).toHaveLength(2);
    expect(attendance.every((row: { meeting_id: string }) => row.meeting_id === second)).toBe(true);
    // Publishing (draft to confirmed) keeps the attendance rows.
    await dataSource.query(`UPDATE meetings SET status = 'confirmed' WHERE id = $1`, [second]);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM meeting_attendance WHERE meeting_id = $1', [second]);
    expect(count).toBe(2);
  });

  it('lets the same party meet in another session at the same slot index', async () => {
    const otherSession = await insertSession(dataSource);
    await insertMeeting(a, b, 0, 1);
    await expect(insertMeeting(a, c, 0, 1, 'draft', otherSession)).resolves.toEqual(expect.any(String));
  });

  it('refuses a match meeting twice in one session', async () => {
    const { matchId } = await insertApprovedMatch(dataSource, a, b);
    const insert = (slot: number) =>
      dataSource.query(
        `INSERT INTO meetings (session_id, match_id, offer_party_id, need_party_id, slot_index, table_number, starts_at, ends_at, priority, status)
         VALUES ($1, $2, $3, $4, $5, 1, now(), now(), 1, 'draft')`,
        [sessionId, matchId, a, b, slot],
      );
    await insert(0);
    await expect(insert(1)).rejects.toThrow(/uq_meetings_session_match/);
  });

  it('refuses an agreement without its type, and a type without an agreement', async () => {
    const meeting = await insertMeeting(a, b, 0, 1, 'confirmed');
    const insert = (outcome: string, type: string | null) =>
      dataSource.query(`INSERT INTO meeting_outcomes (meeting_id, party_id, side, outcome, agreement_type, recorded_by) VALUES ($1, $2, 'offer', $3, $4, $2)`, [meeting, a, outcome, type]);
    await expect(insert('agreement', null)).rejects.toThrow(/ck_meeting_outcomes_agreement/);
    await expect(insert('nda', 'licence')).rejects.toThrow(/ck_meeting_outcomes_agreement/);
    await expect(insert('agreement', 'licence')).resolves.toBeDefined();
  });
});
