import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { JobProcessor } from '../../../queue/job-processor.decorator';
import { ImportListingsData, JobName, QueueName } from '../../../queue/queue-names';
import { ImportSummary, ListingImportRunner } from './listing-import-runner.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs imports batch by batch, reporting progress after each; a retry resumes at the first pending row. */
@JobProcessor(QueueName.Imports, [JobName.ImportListings])
export class ListingImportProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ListingImportProcessor.name);
  private stopping = false;

  constructor(private readonly runner: ListingImportRunner) {
    super();
  }

  /**
   * Closing the BullMQ worker waits for the active job, and an import of 10,000 rows takes
   * minutes: the job hands itself back after the current batch instead, without spending an attempt.
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async process(job: Job<ImportListingsData>, token?: string): Promise<ImportSummary> {
    if (job.name !== JobName.ImportListings) throw new UnrecoverableError(`the imports queue has no handler for job ${job.name}`);
    const { importId } = job.data;
    if (typeof importId !== 'string' || !UUID.test(importId)) throw new UnrecoverableError(`importId ${String(importId)} is not a UUID`);
    const record = await this.runner.start(importId);
    if (!record) throw new UnrecoverableError(`listing import ${importId} does not exist`);
    if (record.status === 'running') {
      for (;;) {
        const progress = await this.runner.processNextBatch(record);
        if (!progress) break;
        await job.updateProgress({ ...progress });
        if (this.stopping) {
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError(`worker stopping; import ${importId} resumes after ${progress.processed} of ${progress.total} rows`);
        }
      }
    }
    const summary = await this.runner.finish(importId);
    this.logger.log({ jobId: job.id, importId, status: summary.status, imported: summary.imported, rejected: summary.rejected }, 'listing import ran');
    return summary;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ImportListingsData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    this.logger.warn({ jobId: job.id, attempts: job.attemptsMade, err: error }, 'listing import job failed');
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final && typeof job.data?.importId === 'string' && UUID.test(job.data.importId)) {
      await this.runner.fail(job.data.importId, error.message).catch((failure) => this.logger.error({ err: failure, jobId: job.id }, 'could not mark the import failed'));
    }
  }
}
