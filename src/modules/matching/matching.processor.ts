import { InjectQueue, OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { JobIds } from '../../queue/job-ids';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { JobName, QueueName, RematchAllData, RematchBatchData, ScoreListingData } from '../../queue/queue-names';
import { LiveCandidates } from './live-candidates.service';
import { ScoreListingService } from './score-listing.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Batch jobs per addBulk call: a few thousand listing ids per round trip to Redis. */
const FAN_OUT_PAGE = 20;

/**
 * Scores listings one by one as they change, and runs a full re-match as batch jobs that score a
 * batch at once and write it in one transaction; both from the worker's live copy of every
 * published listing (LiveCandidates).
 */
// A worker killed mid-batch loses that batch's work and its other active jobs stall. A batch of a
// re-match stays active for seconds while other workers restart around it, so 2 stalls (BullMQ's
// usual bound for a job that crashes its worker) failed whole batches under 20 kills; 8 keeps a
// poison job bounded and lets a re-match survive a crashing fleet.
@JobProcessor(QueueName.Matching, [JobName.ScoreListing, JobName.RematchAll, JobName.RematchBatch], { maxStalledCount: 8, stalledInterval: 30_000 })
export class MatchingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MatchingProcessor.name);

  constructor(
    private readonly scoring: ScoreListingService,
    private readonly live: LiveCandidates,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Matching) private readonly matchingQueue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.ScoreListing:
        return this.scoreListing(job as Job<ScoreListingData>);
      case JobName.RematchAll:
        return this.rematchAll(job as Job<RematchAllData>);
      case JobName.RematchBatch:
        return this.rematchBatch(job as Job<RematchBatchData>);
      default:
        throw new UnrecoverableError(`the matching queue has no handler for job ${job.name}`);
    }
  }

  private async scoreListing(job: Job<ScoreListingData>) {
    const { listingId } = job.data;
    if (typeof listingId !== 'string' || !UUID.test(listingId)) throw new UnrecoverableError(`listingId ${String(listingId)} is not a UUID`);
    const result = await this.scoring.score(listingId);
    this.logger.log({ jobId: job.id, listingId, result }, 'scored listing');
    return result ?? { listingId, missing: true };
  }

  /**
   * Queues every published listing in batches, grouped by topic (sector, then first concept):
   * listings of one batch then share most of their candidates, fetched and prepared once. Ids and
   * revisions of even a million listings fit in memory. Progress counts the listings queued.
   */
  private async rematchAll(job: Job<RematchAllData>) {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM listings WHERE status = 'published' ORDER BY sector, concept_ids[1] NULLS LAST, id`,
    );
    const total = rows.length;
    const batchSize = this.config.matching.rematchBatchSize;
    const batches: RematchBatchData[] = [];
    for (let start = 0; start < total; start += batchSize) {
      batches.push({ rematchId: job.id!, batch: batches.length, listingIds: rows.slice(start, start + batchSize).map((row) => row.id) });
    }
    let queued = 0;
    for (let start = 0; start < batches.length; start += FAN_OUT_PAGE) {
      const page = batches.slice(start, start + FAN_OUT_PAGE);
      await this.matchingQueue.addBulk(page.map((data) => ({ name: JobName.RematchBatch, data, opts: { jobId: JobIds.rematchBatch(data.rematchId, data.batch) } })));
      queued += page.reduce((sum, data) => sum + data.listingIds.length, 0);
      await job.updateProgress({ queued, total, percent: Math.round((100 * queued) / total), batches: start + page.length });
    }
    if (total === 0) await job.updateProgress({ queued: 0, total: 0, percent: 100, batches: 0 });
    this.logger.log({ jobId: job.id, queued, batches: batches.length }, 're-match fanned out');
    return { queued, batches: batches.length, batchJobIds: batches.length ? [JobIds.rematchBatch(job.id!, 0), JobIds.rematchBatch(job.id!, batches.length - 1)] : [] };
  }

  private async rematchBatch(job: Job<RematchBatchData>) {
    const { rematchId, listingIds } = job.data;
    if (typeof rematchId !== 'string' || !Array.isArray(listingIds) || listingIds.some((id) => typeof id !== 'string' || !UUID.test(id))) {
      throw new UnrecoverableError(`rematch batch ${String(job.id)} has no re-match id or a listing id that is not a UUID`);
    }
    const result = await this.scoring.scoreBatch(listingIds, await this.live.forRematch());
    await job.updateProgress({ scored: result.scored, skipped: result.skipped, percent: 100 });
    this.logger.log({ jobId: job.id, rematchId, listingIds, result }, 'scored re-match batch');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: error }, 'matching job failed');
  }
}
