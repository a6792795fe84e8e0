import { InjectQueue, OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { ExpireListingsData, JobName, QueueName } from '../../queue/queue-names';
import { ListingExpiryService } from './listing-expiry.service';

export const EXPIRE_LISTINGS_SCHEDULER = 'expire-listings';
/** Daily, at a quiet hour for the whole region (02:15 UTC is 09:15 in Bangkok, 10:15 in Beijing). */
const EXPIRE_LISTINGS_PATTERN = '15 2 * * *';

@JobProcessor(QueueName.ListingLifecycle, [JobName.ExpireListings])
export class ListingExpiryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ListingExpiryProcessor.name);

  constructor(
    private readonly expiry: ListingExpiryService,
    @InjectQueue(QueueName.ListingLifecycle) private readonly queue: Queue<ExpireListingsData>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Every worker upserts the same scheduler id: one daily job, however many workers run.
    await this.queue.upsertJobScheduler(EXPIRE_LISTINGS_SCHEDULER, { pattern: EXPIRE_LISTINGS_PATTERN, tz: 'UTC' }, { name: JobName.ExpireListings, data: {} });
  }

  async process(job: Job<ExpireListingsData>): Promise<unknown> {
    if (job.name !== JobName.ExpireListings) throw new UnrecoverableError(`the listing-lifecycle queue has no handler for job ${job.name}`);
    const result = await this.expiry.run();
    this.logger.log({ jobId: job.id, ...result }, 'listings expired and owners warned');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'listing expiry failed');
  }
}
