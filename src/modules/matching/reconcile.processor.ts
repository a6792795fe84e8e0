import { InjectQueue, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { PollingLoop } from '../../common/scheduling/polling-loop';
import { JobIds } from '../../queue/job-ids';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { JobName, QueueName } from '../../queue/queue-names';
import { ScoringVersionsService } from './scoring-versions.service';

const RECONCILE_EVERY_MS = 60_000;
const SCHEDULER_UPKEEP_MS = 15_000;
const RECONCILE_BATCH = 5000;

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
    return { queued: await this.reconcile() };
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
