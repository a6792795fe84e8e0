import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Agent, fetch } from 'undici';
import { AppConfig } from '../../config/app-config.service';
import { NonPublicAddressError, publicAddressLookup, refusedWebhookHost } from './webhook-address';
import { openWebhookSecret, sealWebhookSecret, webhookSecretKey } from './webhook-secret-box';
import { DELIVERY_HEADER, isRetryableStatus, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

interface DeliveryRow {
  id: string;
  party_id: string;
  delivered_at: Date | null;
  failed_at: Date | null;
  notification_id: string;
  kind: string;
  title: string;
  data: Record<string, unknown>;
  created_at: Date;
  url: string | null;
  secret: string | null;
}

export type DeliveryOutcome = { deliveryId: string; status: 'delivered'; httpStatus: number } | { deliveryId: string; status: 'skipped'; reason: string };

const ERROR_MAX = 500;

/**
 * Sends one webhook delivery. Returns when it is done (delivered, or nothing left to do), throws an
 * Error for BullMQ to retry with backoff, and UnrecoverableError when a retry cannot help.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  /** Connects only to public addresses, checked on the address each socket resolves to (webhook-address.ts). */
  private readonly publicOnly: Agent | null;
  private readonly secretKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.publicOnly = config.notifications.webhookAllowPrivateAddresses ? null : new Agent({ connect: { lookup: publicAddressLookup } });
    this.secretKey = webhookSecretKey(config.auth.jwtSecret);
  }

  /** At the worker's start; a failure (the database away) leaves them for the next start, as they still open. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.sealLegacySecrets();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not seal the webhook secrets stored in plain text; trying again at the next start');
    }
  }

  /**
   * Seals the secrets stored before secrets were sealed (a migration cannot: the key comes from the
   * environment). Until then they open as they are, so deliveries never stop for it.
   */
  async sealLegacySecrets(): Promise<number> {
    const legacy: { party_id: string; secret: string }[] = await this.dataSource.query(`SELECT party_id, secret FROM party_webhooks WHERE NOT starts_with(secret, 'v1.')`);
    for (const { party_id: partyId, secret } of legacy) {
      await this.dataSource.query(`UPDATE party_webhooks SET secret = $2 WHERE party_id = $1 AND secret = $3`, [partyId, sealWebhookSecret(this.secretKey, partyId, secret), secret]);
    }
    return legacy.length;
  }

  async onModuleDestroy(): Promise<void> {
    await this.publicOnly?.close();
  }

  async deliver(deliveryId: string, isLastAttempt: boolean): Promise<DeliveryOutcome> {
    const [row]: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id, d.party_id, d.delivered_at, d.failed_at, n.id AS notification_id, n.kind, n.title, n.data, n.created_at, w.url, w.secret
         FROM webhook_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN party_webhooks w ON w.party_id = d.party_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (!row) return { deliveryId, status: 'skipped', reason: 'no such delivery' };
    // At-least-once jobs: a delivery already settled is not sent again.
    if (row.delivered_at || row.failed_at) return { deliveryId, status: 'skipped', reason: 'already settled' };
    if (!row.url || !row.secret) {
      await this.settle(deliveryId, 'failed', null, 'the party removed its webhook');
      return { deliveryId, status: 'skipped', reason: 'no webhook' };
    }

    // Registration refuses such URLs too; this covers a webhook registered before, or with the check off.
    const refusedHost = this.publicOnly ? refusedWebhookHost(row.url) : null;
    if (refusedHost) return this.refuseAddress(deliveryId, refusedHost);

    const body = JSON.stringify({
      deliveryId: row.id,
      partyId: row.party_id,
      notification: { id: row.notification_id, kind: row.kind, title: row.title, data: row.data, createdAt: new Date(row.created_at).toISOString() },
    });
    let secret: string;
    try {
      secret = openWebhookSecret(this.secretKey, row.party_id, row.secret);
    } catch {
      const message = 'not sent: the webhook secret does not open with this JWT_SECRET (was it rotated?); the party must set its webhook again';
      await this.settle(deliveryId, 'failed', null, message);
      throw new UnrecoverableError(message);
    }
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number;
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'techbridge-webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_HEADER]: row.id,
        },
        body,
        // A redirect would carry the signed body somewhere the party did not register.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.notifications.webhookTimeoutMs),
        ...(this.publicOnly ? { dispatcher: this.publicOnly } : {}),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof NonPublicAddressError) return this.refuseAddress(deliveryId, cause.message);
      const message = `request failed: ${(error as Error).message}`;
      await this.settle(deliveryId, isLastAttempt ? 'failed' : 'retry', null, message);
      throw new Error(message);
    }

    if (status >= 200 && status < 300) {
      await this.settle(deliveryId, 'delivered', status, null);
      this.logger.log({ deliveryId, partyId: row.party_id, status }, 'webhook delivered');
      return { deliveryId, status: 'delivered', httpStatus: status };
    }
    const message = `the endpoint answered ${status}`;
    if (!isRetryableStatus(status)) {
      await this.settle(deliveryId, 'failed', status, message);
      throw new UnrecoverableError(message);
    }
    await this.settle(deliveryId, isLastAttempt ? 'failed' : 'retry', status, message);
    throw new Error(message);
  }

  private async refuseAddress(deliveryId: string, reason: string): Promise<never> {
    const message = `not sent: ${reason}`;
    await this.settle(deliveryId, 'failed', null, message);
    throw new UnrecoverableError(message);
  }

  private async settle(deliveryId: string, outcome: 'delivered' | 'failed' | 'retry', status: number | null, error: string | null): Promise<void> {
    const column = outcome === 'delivered' ? ', delivered_at = now()' : outcome === 'failed' ? ', failed_at = now()' : '';
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3${column} WHERE id = $1`,
      [deliveryId, status, error?.slice(0, ERROR_MAX) ?? null],
    );
  }
}
