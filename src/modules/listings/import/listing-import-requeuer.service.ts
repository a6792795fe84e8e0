import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ImportListingsData, JobName, QueueName } from '../../../queue/queue-names';
import { importJobId } from './listing-import-file';
import { ListingImportRunner } from './listing-import-runner.service';
import { PollingLoop } from '../../../common/scheduling/polling-loop';

const SWEEP_EVERY_MS = 60_000;

/**
 * The safety net under imports, like the scoring reconciler: an import stored in PostgreSQL whose
 * job Redis does not know (the API could not queue it, or Redis lost it) is queued again; one
 * whose job failed for good is marked failed.
 */
@Injectable()
export class ListingImportRequeuer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ListingImportRequeuer.name);
  private readonly loop = new PollingLoop({ name: 'listing import sweep', intervalMs: () => SWEEP_EVERY_MS, work: () => this.sweep(), logger: this.logger });

  constructor(
    private readonly runner: ListingImportRunner,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportListingsData>,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
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

}
