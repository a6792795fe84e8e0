import { Module } from '@nestjs/common';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookRelayService } from './webhook-relay.service';

/** What only the worker runs: relaying webhook deliveries to BullMQ and sending them. */
@Module({ providers: [WebhookRelayService, WebhookDeliveryService, WebhookDeliveryProcessor], exports: [WebhookDeliveryService, WebhookRelayService] })
export class NotificationsWorkerModule {}
