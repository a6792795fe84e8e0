import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { JobName, QueueName, ScheduleSessionData } from '../../queue/queue-names';
import { SCHEDULE_MODES } from './sessions.constants';
import { SessionSchedulerService } from './session-scheduler.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one processor of the scheduling queue. */
@JobProcessor(QueueName.Scheduling, [JobName.ScheduleSession])
export class ScheduleSessionProcessor extends WorkerHost {
  private readonly logger = new Logger(ScheduleSessionProcessor.name);

  constructor(private readonly scheduler: SessionSchedulerService) {
    super();
  }

  async process(job: Job<ScheduleSessionData>): Promise<unknown> {
    if (job.name !== JobName.ScheduleSession) throw new UnrecoverableError(`the scheduling queue has no handler for job ${job.name}`);
    const { sessionId, mode } = job.data;
    if (typeof sessionId !== 'string' || !UUID.test(sessionId)) throw new UnrecoverableError(`sessionId ${String(sessionId)} is not a UUID`);
    if (!SCHEDULE_MODES.includes(mode)) throw new UnrecoverableError(`mode ${String(mode)} is not one of ${SCHEDULE_MODES.join(', ')}`);
    const result = await this.scheduler.run(job.id!, job.data, (progress) => job.updateProgress({ ...progress }));
    await job.updateProgress({ stage: 'done', percent: 100 });
    this.logger.log({ jobId: job.id, sessionId, mode, result }, 'scheduled session');
    return result;
  }

  /** Releases the session once no attempt is left, so the admin can schedule it again. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<ScheduleSessionData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn({ jobId: job.id, sessionId: job.data?.sessionId, attempts: job.attemptsMade, final, err: error }, 'scheduling job failed');
    if (final && typeof job.data?.sessionId === 'string' && UUID.test(job.data.sessionId)) {
      // A stale hold is also taken over by the next request once the job is seen failed; this only makes it sooner.
      await this.scheduler.release(job.id!, job.data.sessionId, error.message.slice(0, 500)).catch((releaseError: unknown) => {
        this.logger.warn({ jobId: job.id, err: releaseError }, 'could not release the session after a failed scheduling job');
      });
    }
  }
}
