import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PartyMatchChangesPruner } from '../../src/modules/matches/party-match-changes-pruner.service';
import { PARTY_MATCH_CHANGES_RETENTION_MS, STALE_SINCE_SNAPSHOT } from '../../src/modules/matches/recommendation-page-cache';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';

describe('party_match_changes: the page cache\'s probe and the pruner', () => {
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

    expect(await new PartyMatchChangesPruner(dataSource).prune()).toBe(25_000);
    const left: { party_id: string }[] = await dataSource.query('SELECT party_id FROM party_match_changes');
    expect(left.map((row) => row.party_id).sort()).toEqual(recent.map((row) => row.party_id).sort());
  });
});
