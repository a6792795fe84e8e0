import { InjectQueue, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { PollingLoop } from '../../common/scheduling/polling-loop';
import { JobIds } from '../../queue/job-ids';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { JobName, QueueName, RematchBatchData } from '../../queue/queue-names';
import { ScoringVersionsService } from './scoring-versions.service';

const RECONCILE_EVERY_MS = 60_000;
const SCHEDULER_UPKEEP_MS = 15_000;
const RECONCILE_BATCH = 5000;
/** A failed re-match batch is put back at most this often: enough for a crashing fleet, finite for a poison batch. */
const MAX_BATCH_REVIVALS = 5;
/** Failures a later run can get past: workers killed mid-batch (the stall limit), a database away for a while. */
const TRANSIENT_FAILURE = /stalled more than allowable limit|ECONNREFUSED|Connection terminated|deadlock detected|timeout/i;

/**
 * The safety net under the outbox: published listings whose latest revision was never scored
 * (a flushed Redis, a lost job) are queued again, from PostgreSQL's state alone.
 */
@JobProcessor(QueueName.Maintenance, [JobName.ReconcileScoring])
export class ReconcileProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileProcessor.name);
  private readonly schedulerKeeper = new PollingLoop({
    name: 'reconcile scheduler upkeep',
    intervalMs: () => SCHEDULER_UPKEEP_MS,
    work: () => this.ensureScheduler(),
    logger: this.logger,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Matching) private readonly matchingQueue: Queue,
    @InjectQueue(QueueName.Maintenance) private readonly maintenanceQueue: Queue,
    private readonly versions: ScoringVersionsService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureScheduler();
    // The scheduler lives in Redis: a flushed or replaced Redis loses it, so every worker puts it
    // back now and then (upserting the same id is idempotent, one scheduler for all workers).
    this.schedulerKeeper.start();
    await this.versions.rematchIfVersionsChanged();
  }

  onApplicationShutdown(): Promise<void> {
    return this.schedulerKeeper.stop();
  }

  private ensureScheduler(): Promise<unknown> {
    return this.maintenanceQueue.upsertJobScheduler('reconcile-scoring', { every: RECONCILE_EVERY_MS }, { name: JobName.ReconcileScoring, data: {} });
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== JobName.ReconcileScoring) throw new UnrecoverableError(`the maintenance queue has no handler for job ${job.name}`);
    return { queued: await this.reconcile(), revivedBatches: await this.reviveFailedRematchBatches() };
  }

  /**
   * A re-match batch that failed leaves its listings on their old scores, and PostgreSQL cannot
   * tell (their revision was scored, only not with the new taxonomy or weights): the batch job is
   * the only record, so failed ones are put back here, a few times, when a retry can succeed.
   */
  async reviveFailedRematchBatches(): Promise<number> {
    const failed = await this.matchingQueue.getFailed();
    let revived = 0;
    for (const job of failed) {
      if (job.name !== JobName.RematchBatch || !TRANSIENT_FAILURE.test(job.failedReason ?? '')) continue;
      const data = job.data as RematchBatchData;
      const revivals = data.revivals ?? 0;
      if (revivals >= MAX_BATCH_REVIVALS) continue;
      await job.updateData({ ...data, revivals: revivals + 1 });
      await job.retry('failed');
      revived++;
      this.logger.warn({ jobId: job.id, failedReason: job.failedReason, revival: revivals + 1 }, 're-queued a failed re-match batch');
    }
    return revived;
  }

  async reconcile(): Promise<number> {
    const rows: { id: string; revision: number }[] = await this.dataSource.query(
      `SELECT id, revision FROM listings
        WHERE status = 'published' AND (scored_revision IS NULL OR scored_revision < revision)
        ORDER BY id LIMIT ${RECONCILE_BATCH}`,
    );
    if (rows.length === 0) return 0;
    await this.matchingQueue.addBulk(
      rows.map((row) => ({
        name: JobName.ScoreListing,
        data: { listingId: row.id, revision: row.revision },
        opts: { jobId: JobIds.scoreListing(row.id, row.revision) },
      })),
    );
    this.logger.log({ queued: rows.length }, 'reconciler queued unscored listings');
    return rows.length;
  }
}
