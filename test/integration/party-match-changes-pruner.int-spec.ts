import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PartyMatchChangesPruner } from '../../src/modules/matches/party-match-changes-pruner.service';
import { PARTY_MATCH_CHANGES_RETENTION_MS } from '../../src/modules/matches/recommendation-page-cache';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';

describe('PartyMatchChangesPruner', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openEmptyTestDatabase();
  });
  afterAll(async () => {
    await closeEmptiedTestDatabase(dataSource);
  });

  it('deletes, in several batches, only the rows older than the retention', async () => {
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

    expect(await new PartyMatchChangesPruner(dataSource).prune()).toBe(25_000);
    const left: { party_id: string }[] = await dataSource.query('SELECT party_id FROM party_match_changes');
    expect(left.map((row) => row.party_id).sort()).toEqual(recent.map((row) => row.party_id).sort());
  });
});
