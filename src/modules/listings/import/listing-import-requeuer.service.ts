import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ImportListingsData, JobName, QueueName } from '../../../queue/queue-names';
import { importJobId } from './listing-import-file';
import { ListingImportRunner } from './listing-import-runner.service';

const SWEEP_EVERY_MS = 60_000;

/**
 * The safety net under imports, like the scoring reconciler: an import stored in PostgreSQL whose
 * job Redis does not know (the API could not queue it, or Redis lost it) is queued again; one
 * whose job failed for good is marked failed.
 */
@Injectable()
export class ListingImportRequeuer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ListingImportRequeuer.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly runner: ListingImportRunner,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportListingsData>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Returns how many imports it queued again. */
  async sweep(): Promise<number> {
    let queued = 0;
    for (const importId of await this.runner.unfinishedImportIds()) {
      const jobId = importJobId(importId);
      const state = await this.queue.getJobState(jobId);
      if (state === 'unknown') {
        // Adding an id Redis already holds is a no-op, so a sweep racing the API queues nothing twice.
        await this.queue.add(JobName.ImportListings, { importId }, { jobId });
        queued += 1;
      } else if (state === 'failed') {
        const job = await this.queue.getJob(jobId);
        await this.runner.fail(importId, job?.failedReason ?? 'the import job failed');
      }
    }
    if (queued) this.logger.log({ queued }, 'unfinished listing imports queued again');
    return queued;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      this.running = this.sweep().catch((error) => {
        this.logger.warn({ err: error }, 'listing import sweep failed; retrying');
        return 0;
      });
      await this.running;
      this.running = null;
      this.schedule(SWEEP_EVERY_MS);
    }, delayMs);
  }
}
