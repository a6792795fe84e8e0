import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobProcessor } from '../../queue/job-processor.decorator';
import { DeliverWebhookData, JobName, QueueName } from '../../queue/queue-names';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** The only processor of the notifications queue. */
@JobProcessor(QueueName.Notifications, [JobName.DeliverWebhook], { concurrency: 8 })
export class WebhookDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  async process(job: Job<DeliverWebhookData>): Promise<unknown> {
    if (job.name !== JobName.DeliverWebhook) throw new UnrecoverableError(`the notifications queue has no handler for job ${job.name}`);
    const { deliveryId } = job.data;
    if (typeof deliveryId !== 'string' || !/^\d+$/.test(deliveryId)) throw new UnrecoverableError(`deliveryId ${String(deliveryId)} is not a delivery id`);
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.deliveries.deliver(deliveryId, isLastAttempt);
    this.logger.log({ jobId: job.id, deliveryId, outcome }, 'webhook job done');
    return outcome;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'webhook delivery attempt failed');
  }
}
