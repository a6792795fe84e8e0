import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobHandlersCheck } from './job-handlers.check';
import { JOB_PROCESSOR, JobProcessorMetadata } from './job-processor.decorator';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

/** Providers carrying only the declaration (no BullMQ worker), so the check runs without Redis. */
function declaring(metadata: JobProcessorMetadata) {
  @Injectable()
  class Declaring {}
  Reflect.defineMetadata(JOB_PROCESSOR, metadata, Declaring);
  return Declaring;
}

async function boot(providers: ReturnType<typeof declaring>[]) {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [JobHandlersCheck, ...providers] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('JobHandlersCheck', () => {
  it('refuses to start when a job has no handler, naming it and its queue', async () => {
    await expect(boot([declaring({ queue: QueueName.Matching, jobs: [JobName.ScoreListing, JobName.RematchAll] })])).rejects.toThrow(
      /no handler for .*reconcile-scoring \(queue maintenance\)/,
    );
  });

  it('starts when every job is declared', async () => {
    const all = Object.keys(JOB_QUEUE) as JobName[];
    const processors = Object.values(QueueName).map((queue) => declaring({ queue, jobs: all.filter((job) => JOB_QUEUE[job] === queue) }));
    const app = await boot(processors);
    await app.close();
  });
});
