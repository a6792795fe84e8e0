import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { drainBatches, PollingLoop } from '../../common/scheduling/polling-loop';
import { PARTY_MATCH_CHANGES_RETENTION_MS } from './recommendation-page-cache';

const BATCH = 10_000;
const EVERY_MS = 5 * 60_000;

/**
 * Deletes change-log rows that no cached recommendation page can still be checked against (see
 * PARTY_MATCH_CHANGES_RETENTION_MS). A full re-match logs about one row per party per batch, so the
 * log is a few hundred thousand rows at most; deleting in batches keeps each transaction short.
 */
@Injectable()
export class PartyMatchChangesPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartyMatchChangesPruner.name);
  private readonly loop = new PollingLoop({ name: 'party match changes pruning', intervalMs: () => EVERY_MS, work: () => this.prune(), logger: this.logger });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Returns how many rows it deleted. */
  async prune(): Promise<number> {
    const before = new Date(Date.now() - PARTY_MATCH_CHANGES_RETENTION_MS);
    return drainBatches(async () => {
      const [, deleted] = await this.dataSource.query(
        `DELETE FROM party_match_changes WHERE ctid IN (SELECT ctid FROM party_match_changes WHERE changed_at < $1 LIMIT ${BATCH})`,
        [before],
      );
      return deleted as number;
    }, BATCH);
  }
}
