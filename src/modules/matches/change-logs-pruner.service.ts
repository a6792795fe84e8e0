import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { drainBatches, PollingLoop } from '../../common/scheduling/polling-loop';
import { MATCH_PROFILE_CHANGES_RETENTION_MS } from '../matching/live-candidates.service';
import { PARTY_MATCH_CHANGES_RETENTION_MS } from './recommendation-page-cache';

const BATCH = 10_000;
const EVERY_MS = 5 * 60_000;

/** The change logs the triggers append to, and how long their readers need a row. */
const CHANGE_LOGS = [
  // Cached recommendation pages are checked against it (see PARTY_MATCH_CHANGES_RETENTION_MS).
  { table: 'party_match_changes', retentionMs: PARTY_MATCH_CHANGES_RETENTION_MS },
  // Workers' live copies of the published listings catch up from it (see LiveCandidates).
  { table: 'match_profile_changes', retentionMs: MATCH_PROFILE_CHANGES_RETENTION_MS },
] as const;

/**
 * Deletes change-log rows no reader can still need. A full re-match logs about one row per party
 * per batch, so a log is a few hundred thousand rows at most; deleting in batches keeps each
 * transaction short.
 */
@Injectable()
export class ChangeLogsPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeLogsPruner.name);
  private readonly loop = new PollingLoop({ name: 'change logs pruning', intervalMs: () => EVERY_MS, work: () => this.prune(), logger: this.logger });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Returns how many rows it deleted, per table. */
  async prune(): Promise<Record<(typeof CHANGE_LOGS)[number]['table'], number>> {
    const deleted = { party_match_changes: 0, match_profile_changes: 0 };
    for (const { table, retentionMs } of CHANGE_LOGS) {
      const before = new Date(Date.now() - retentionMs);
      deleted[table] = await drainBatches(async () => {
        const [, count] = await this.dataSource.query(`DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE changed_at < $1 LIMIT ${BATCH})`, [before]);
        return count as number;
      }, BATCH);
    }
    return deleted;
  }
}
