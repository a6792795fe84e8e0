import { randomUUID } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import { ReconcileProcessor } from '../../src/modules/matching/reconcile.processor';
import { JobName, QueueName, RematchBatchData } from '../../src/queue/queue-names';

/**
 * Failed re-match batches are put back by the reconciler when a retry can succeed, a bounded
 * number of times; other failures and other jobs stay failed. Real Redis, a queue prefix of its own.
 */
describe('reviving failed re-match batches', () => {
  const connection = { url: process.env.REDIS_URL! };
  const prefix = `${process.env.QUEUE_PREFIX}-revival-${randomUUID().slice(0, 8)}`;
  let queue: Queue;
  let taker: Worker;
  let reconciler: ReconcileProcessor;

  beforeAll(async () => {
    queue = new Queue(QueueName.Matching, { connection, prefix });
    // No processor: the test takes jobs itself and fails them the way BullMQ does.
    taker = new Worker(QueueName.Matching, null, { connection, prefix, autorun: false });
    // Reviving batches reads and writes the matching queue only.
    reconciler = new ReconcileProcessor(undefined as never, queue, undefined as never, undefined as never);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await taker.close();
    await queue.close();
  });

  async function failedJob(name: JobName, data: object, reason: string): Promise<Job> {
    const token = randomUUID();
    await queue.add(name, data, { jobId: `${name}-${randomUUID()}` });
    const job = (await taker.getNextJob(token))!;
    await job.moveToFailed(new Error(reason), token, false);
    return job;
  }

  const batch = (revivals?: number): RematchBatchData => ({ rematchId: 'rematch-test', batch: 0, listingIds: [randomUUID()], ...(revivals === undefined ? {} : { revivals }) });

  it('puts back a batch that failed on the stall limit or a lost database, counting revivals, and leaves the rest failed', async () => {
    const stalled = await failedJob(JobName.RematchBatch, batch(), 'job stalled more than allowable limit');
    const databaseAway = await failedJob(JobName.RematchBatch, batch(2), 'connect ECONNREFUSED 127.0.0.1:5432');
    const exhausted = await failedJob(JobName.RematchBatch, batch(5), 'job stalled more than allowable limit');
    const malformed = await failedJob(JobName.RematchBatch, batch(), 'rematch batch x has a listing id that is not a UUID');
    const listingJob = await failedJob(JobName.ScoreListing, { listingId: randomUUID(), revision: 1 }, 'job stalled more than allowable limit');

    expect(await reconciler.reviveFailedRematchBatches()).toBe(2);

    for (const [job, revivals] of [
      [stalled, 1],
      [databaseAway, 3],
    ] as const) {
      expect(await queue.getJobState(job.id!)).toBe('waiting');
      expect((await queue.getJob(job.id!))!.data.revivals).toBe(revivals);
    }
    for (const job of [exhausted, malformed, listingJob]) expect(await queue.getJobState(job.id!)).toBe('failed');
    expect((await queue.getJob(exhausted.id!))!.data.revivals).toBe(5);
    // Nothing failed is left to put back: a second pass changes nothing.
    expect(await reconciler.reviveFailedRematchBatches()).toBe(0);
  });
});
