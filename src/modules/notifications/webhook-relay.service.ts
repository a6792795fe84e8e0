import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { DeliverWebhookData, JobName, QueueName } from '../../queue/queue-names';
import { drainBatches, PollingLoop } from '../../common/scheduling/polling-loop';

const BATCH = 200;

/** BullMQ refuses ':' in ids; one delivery row is one job, never queued twice while the job is kept. */
export const webhookJobId = (deliveryId: string) => `webhook-${deliveryId}`;

/**
 * Moves committed webhook deliveries to the notifications queue, like the listing outbox relay:
 * rows claimed with FOR UPDATE SKIP LOCKED (any number of workers) and marked dispatched only once
 * Redis took the jobs.
 */
@Injectable()
export class WebhookRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRelayService.name);
  private readonly loop = new PollingLoop({ name: 'webhook relay', intervalMs: () => this.config.worker.outboxPollMs, work: () => this.drain(), logger: this.logger });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue<DeliverWebhookData>,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  async drain(): Promise<number> {
    return drainBatches(() => this.relayBatch(), BATCH);
  }

  private async relayBatch(): Promise<number> {
    const { webhookAttempts, webhookBackoffMs } = this.config.notifications;
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM webhook_deliveries WHERE dispatched_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map((row) => ({
          name: JobName.DeliverWebhook,
          data: { deliveryId: row.id },
          opts: { jobId: webhookJobId(row.id), attempts: webhookAttempts, backoff: { type: 'exponential', delay: webhookBackoffMs } },
        })),
      );
      await manager.query('UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      this.logger.debug({ deliveries: rows.length }, 'webhook deliveries relayed');
      return rows.length;
    });
  }
}
