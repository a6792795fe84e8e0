import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { QueueName } from '../../src/queue/queue-names';
import { WorkerModule } from '../../src/worker.module';
import { truncateAllTables } from './database';

export interface TestStack {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  worker: INestApplicationContext | null;
  queues: Queue[];
  close(): Promise<void>;
}

/** Removes every job of the test prefix, so one file's jobs never reach another's. */
async function emptyQueues(queues: Queue[]): Promise<void> {
  for (const queue of queues) {
    await queue.obliterate({ force: true });
  }
}

/**
 * The API (as main.ts configures it) and, when asked, a worker in the same process, against the
 * real PostgreSQL and Redis of the test environment. Tables and queues start empty.
 */
export async function startTestStack(options: { worker?: boolean } = {}): Promise<TestStack> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  const dataSource = app.get(DataSource);
  await truncateAllTables(dataSource);
  const queues = Object.values(QueueName).map((name) => app.get<Queue>(getQueueToken(name)));
  await emptyQueues(queues);

  let worker: INestApplicationContext | null = null;
  if (options.worker) {
    const workerRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    worker = await workerRef.init();
  }

  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    worker,
    queues,
    async close() {
      if (worker) await worker.close();
      await app.close();
    },
  };
}

/** Waits until no queue has pending work (Twenty's helper idea); a job scheduler's next run does not count. */
export async function waitForQueuesIdle(queues: Queue[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let pending = 0;
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      pending += Object.values(counts).reduce((sum, n) => sum + n, 0);
      const delayed = await queue.getJobs(['delayed']);
      pending += delayed.filter((job) => !job.repeatJobKey).length;
    }
    if (pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('queues did not become idle in time');
}

/** Polls until `check` returns a value that is not undefined/null/false. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
