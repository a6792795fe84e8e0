import { Processor } from '@nestjs/bullmq';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

/** The worker options @Processor takes (its options type is not exported by @nestjs/bullmq). */
type WorkerOptionsOf<P> = P extends { (queueName: string, workerOptions: infer O): ClassDecorator } ? O : never;

export const JOB_PROCESSOR = Symbol('techbridge:job-processor');

export interface JobProcessorMetadata {
  queue: QueueName;
  jobs: readonly JobName[];
}

/**
 * `@Processor` that also declares which jobs the class handles, so the worker can refuse to start
 * when a job has no handler (a job name added without its processor would otherwise fail only
 * when the first such job arrives). A job declared on the wrong queue fails at load time.
 */
export function JobProcessor(queue: QueueName, jobs: readonly JobName[], options?: WorkerOptionsOf<typeof Processor>): ClassDecorator {
  const misplaced = jobs.filter((job) => JOB_QUEUE[job] !== queue);
  if (misplaced.length > 0) {
    throw new Error(`jobs ${misplaced.join(', ')} belong to another queue than ${queue} (see JOB_QUEUE)`);
  }
  return (target) => {
    Reflect.defineMetadata(JOB_PROCESSOR, { queue, jobs } satisfies JobProcessorMetadata, target);
    (options ? Processor(queue, options) : Processor(queue))(target);
  };
}

/** Jobs of JOB_QUEUE that no processor declares; empty when the worker can handle every job. */
export function unhandledJobs(processors: readonly JobProcessorMetadata[]): JobName[] {
  const handled = new Set(processors.flatMap((processor) => processor.jobs));
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((job) => !handled.has(job));
}
