import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../../../src/queue/queue-names';
import { WorkerModule } from '../../../src/worker.module';
import { truncateAllTables } from '../../helpers/database';

export interface EmptiedWorker {
  worker: INestApplicationContext;
  dataSource: DataSource;
  queue: Queue;
  close(): Promise<void>;
}

/**
 * A worker (every processor and loop) over an emptied database and matching queue. Emptied before
 * the worker starts: its relay and upkeep loops reading tables while TRUNCATE locks them one by
 * one deadlocked in CI.
 */
export async function startEmptiedWorker(): Promise<EmptiedWorker> {
  const compiled = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  const dataSource = compiled.get(DataSource);
  const queue = compiled.get<Queue>(getQueueToken(QueueName.Matching));
  await truncateAllTables(dataSource);
  await queue.obliterate({ force: true });
  const worker = await compiled.init();
  return {
    worker,
    dataSource,
    queue,
    close: async () => {
      await queue.obliterate({ force: true });
      await worker.close();
    },
  };
}
