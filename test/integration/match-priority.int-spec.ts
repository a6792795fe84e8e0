import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { PREFERENCES } from '../../src/modules/matches/match.entity';
import { meetingPriority, MeetingPreference } from '../../src/modules/matching/scoring/meeting-priority';
import { TEST_DATABASE_URL } from '../helpers/test-env';

/**
 * The review queue and the scheduler sort in SQL by match_priority(), the migration's copy of the
 * pure meetingPriority(); the two must agree on every preference pair and any score.
 */
describe('match_priority() in SQL equals meetingPriority()', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
  });
  afterAll(() => dataSource.destroy());

  const preferences: (MeetingPreference | null)[] = [null, ...PREFERENCES];
  const scores = [0, 0.0001, 0.15, 0.3333, 0.5, 0.87654, 0.99995, 1];

  it.each(preferences.flatMap((offer) => preferences.map((need) => [offer, need] as const)))('offer side %s, need side %s', async (offer, need) => {
    const rows: { score: number; priority: number | null }[] = await dataSource.query(
      `SELECT s::real AS score, match_priority(s::real, $1, $2) AS priority FROM unnest($3::real[]) AS s`,
      [offer, need, scores],
    );
    for (const row of rows) {
      const expected = meetingPriority(row.score, offer, need);
      if (expected === null) expect(row.priority).toBeNull();
      else expect(row.priority).toBeCloseTo(expected, 4);
    }
  });

  const queuePlan = (where: string) =>
    dataSource.transaction(async (manager) => {
      // On a near-empty table the planner rightly prefers a sequential scan; with it off, the order must come from an index, not a sort.
      await manager.query('SET LOCAL enable_seqscan = off');
      const [row] = await manager.query(
        `EXPLAIN (FORMAT JSON) SELECT id FROM matches m ${where}
          ORDER BY coalesce(match_priority(m.score, m.offer_preference, m.need_preference), -1) DESC, m.id DESC LIMIT 21`,
      );
      return JSON.stringify(row['QUERY PLAN']);
    });

  it('keeps the review queue of one status in an index-ordered scan', async () => {
    const plan = await queuePlan(`WHERE status = 'proposed'`);
    expect(plan).toContain('ix_matches_review_queue');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });

  it('keeps the unfiltered review queue (the default view) in an index-ordered scan', async () => {
    const plan = await queuePlan(`WHERE m.chosen_by_offer OR m.chosen_by_need OR m.status <> 'proposed'`);
    expect(plan).toContain('ix_matches_priority');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });
});
