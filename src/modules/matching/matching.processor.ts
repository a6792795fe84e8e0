import { InjectQueue, OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { JobIds } from '../../queue/job-ids';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { JobName, QueueName, RematchAllData, ScoreListingData } from '../../queue/queue-names';
import { ScoreListingService } from './score-listing.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FAN_OUT_PAGE = 1000;

/** Scores listings, and fans a full re-match out into one scoring job per published listing. */
@JobProcessor(QueueName.Matching, [JobName.ScoreListing, JobName.RematchAll], { maxStalledCount: 2, stalledInterval: 30_000 })
export class MatchingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MatchingProcessor.name);

  constructor(
    private readonly scoring: ScoreListingService,
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
   * Queues every published listing, grouped by topic (sector, then first concept): consecutive
   * jobs then share most of their candidates, which the workers' cache of prepared listings
   * serves without fetching them again. Ids and revisions of even a million listings fit in memory.
   */
  private async rematchAll(job: Job<RematchAllData>) {
    const rows: { id: string; revision: number }[] = await this.dataSource.query(
      `SELECT id, revision FROM listings WHERE status = 'published' ORDER BY sector, concept_ids[1] NULLS LAST, id`,
    );
    const total = rows.length;
    let queued = 0;
    for (let start = 0; start < total; start += FAN_OUT_PAGE) {
      const page = rows.slice(start, start + FAN_OUT_PAGE);
      await this.matchingQueue.addBulk(
        page.map((row) => ({
          name: JobName.ScoreListing,
          data: { listingId: row.id, revision: row.revision },
          opts: { jobId: JobIds.rematchListing(job.id!, row.id) },
        })),
      );
      queued += page.length;
      await job.updateProgress({ queued, total, percent: Math.round((100 * queued) / total) });
    }
    if (total === 0) await job.updateProgress({ queued: 0, total: 0, percent: 100 });
    this.logger.log({ jobId: job.id, queued }, 're-match fanned out');
    return { queued };
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: error }, 'matching job failed');
  }
}
