import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ChangeLogsPruner } from '../../src/modules/matches/change-logs-pruner.service';
import { CandidatesRepository } from '../../src/modules/matching/candidates.repository';
import { MATCH_PROFILE_CHANGES_RETENTION_MS } from '../../src/modules/matching/live-candidates.service';
import { PARTY_MATCH_CHANGES_RETENTION_MS, STALE_SINCE_SNAPSHOT } from '../../src/modules/matches/recommendation-page-cache';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';

describe('change logs: their probes and the pruner', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openEmptyTestDatabase();
  });
  afterAll(async () => {
    await closeEmptiedTestDatabase(dataSource);
  });

  it('is probed through its index, and pruned, in several batches, of only the rows older than the retention', async () => {
    const retentionMinutes = PARTY_MATCH_CHANGES_RETENTION_MS / 60_000;
    await dataSource.query(
      `INSERT INTO party_match_changes (party_id, changed_at)
       SELECT gen_random_uuid(), now() - make_interval(mins => $1 + 1 + i % 50) FROM generate_series(1, 25000) i`,
      [retentionMinutes],
    );
    const recent: { party_id: string }[] = await dataSource.query(
      `INSERT INTO party_match_changes (party_id, changed_at)
       SELECT gen_random_uuid(), now() - make_interval(mins => $1 - 1 - i) FROM generate_series(0, 2) i RETURNING party_id`,
      [retentionMinutes],
    );

    // Every cached page is checked with this probe on every read: it must stay an index range scan.
    await dataSource.query('ANALYZE party_match_changes');
    const [{ snapshot }] = await dataSource.query('SELECT pg_current_snapshot()::text AS snapshot');
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN ${STALE_SINCE_SNAPSHOT.replace('$1', `'${recent[0].party_id}'`).replaceAll('$2', `'${snapshot}'`)}`);
    const planText = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(planText).toMatch(/Index Only Scan using ix_party_match_changes_party/);
    expect(planText).not.toMatch(/Seq Scan/);

    expect(await new ChangeLogsPruner(dataSource).prune()).toEqual({ party_match_changes: 25_000, match_profile_changes: 0 });
    const left: { party_id: string }[] = await dataSource.query('SELECT party_id FROM party_match_changes');
    expect(left.map((row) => row.party_id).sort()).toEqual(recent.map((row) => row.party_id).sort());
  });

  it('reads a worker\'s catching up through the xid index, and prunes only what is older than the retention', async () => {
    const retentionMinutes = MATCH_PROFILE_CHANGES_RETENTION_MS / 60_000;
    await dataSource.query(
      `INSERT INTO match_profile_changes (listing_id, changed_at)
       SELECT gen_random_uuid(), now() - make_interval(mins => $1 + 1 + i % 50) FROM generate_series(1, 20000) i`,
      [retentionMinutes],
    );
    const [{ snapshot }] = await dataSource.query('SELECT pg_current_snapshot()::text AS snapshot');
    const recent: { listing_id: string }[] = await dataSource.query(
      `INSERT INTO match_profile_changes (listing_id) SELECT gen_random_uuid() FROM generate_series(1, 3) RETURNING listing_id`,
    );
    await dataSource.query('ANALYZE match_profile_changes');
    const repository = new CandidatesRepository(dataSource);
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
      `EXPLAIN SELECT DISTINCT listing_id FROM match_profile_changes
        WHERE xid >= pg_snapshot_xmin('${snapshot}'::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, '${snapshot}'::pg_snapshot)`,
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using ix_match_profile_changes_xid/);
    const { changes } = await repository.findScoringChangesSince(snapshot);
    expect(changes.map((change) => change.listingId).sort()).toEqual(recent.map((row) => row.listing_id).sort());
    expect(changes.every((change) => change.row === null)).toBe(true);

    expect(await new ChangeLogsPruner(dataSource).prune()).toEqual({ party_match_changes: 0, match_profile_changes: 20_000 });
    const [{ left }] = await dataSource.query('SELECT count(*)::int AS left FROM match_profile_changes');
    expect(left).toBe(3);
  });
});
