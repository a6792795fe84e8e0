import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { JobIds } from '../../queue/job-ids';
import { JobName, QueueName, ScoreListingData } from '../../queue/queue-names';
import { drainBatches, PollingLoop } from '../../common/scheduling/polling-loop';

const BATCH = 200;

interface PendingEvent {
  id: string;
  listing_id: string;
  revision: number;
}

/**
 * Moves pending outbox rows to the matching queue. Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so any number of workers relay side by side, and marked dispatched only after Redis took the
 * jobs: when Redis is away the rows simply wait.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly loop = new PollingLoop({ name: 'outbox relay', intervalMs: () => this.config.worker.outboxPollMs, work: () => this.drain(), logger: this.logger });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Matching) private readonly matchingQueue: Queue<ScoreListingData>,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Relays until nothing is pending; returns how many rows it dispatched. */
  async drain(): Promise<number> {
    return drainBatches(() => this.relayBatch(), BATCH);
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const events: PendingEvent[] = await manager.query(
        `SELECT id, listing_id, revision FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (events.length === 0) return 0;
      await this.matchingQueue.addBulk(
        events.map((event) => ({
          name: JobName.ScoreListing,
          data: { listingId: event.listing_id, revision: event.revision },
          opts: { jobId: JobIds.scoreListing(event.listing_id, event.revision) },
        })),
      );
      await manager.query('UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [events.map((e) => e.id)]);
      this.logger.debug({ events: events.length }, 'outbox relayed');
      return events.length;
    });
  }
}
