import { randomBytes } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AppConfig } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { PartyWebhook } from './party-webhook.entity';
import { refusedWebhookHost } from './webhook-address';
import { sealWebhookSecret, webhookSecretKey } from './webhook-secret-box';
import { SetWebhookDto, WebhookDeliveryDto, WebhookResponseDto } from './webhook.dto';
import { WebhookDelivery } from './webhook-delivery.entity';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';

const RECENT_DELIVERIES = 10;
const SIGNATURE = {
  header: SIGNATURE_HEADER,
  timestampHeader: TIMESTAMP_HEADER,
  deliveryHeader: DELIVERY_HEADER,
  format: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
};

@Injectable()
export class WebhooksService {
  private readonly secretKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.secretKey = webhookSecretKey(config.auth.jwtSecret);
  }

  /** Creates or replaces the party's webhook; the secret is shown in this answer only. */
  async set(user: AuthenticatedUser, partyId: string, dto: SetWebhookDto): Promise<WebhookResponseDto> {
    this.ownOr404(user, partyId);
    const refused = this.config.notifications.webhookAllowPrivateAddresses ? null : refusedWebhookHost(dto.url);
    if (refused) throw new BadRequestException(`url must point to a public address: ${refused}`);
    const secret = dto.secret ?? randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (manager) => {
      await manager.upsert(PartyWebhook, { partyId, url: dto.url, secret: sealWebhookSecret(this.secretKey, partyId, secret) }, ['partyId']);
      await this.audit.record(manager, { actor: user, action: 'party.webhook-set', objectType: 'party', objectId: partyId, summary: { url: dto.url } });
      const webhook = await manager.findOneByOrFail(PartyWebhook, { partyId });
      return { ...this.respond(webhook, []), secret };
    });
  }

  /** The owner's view, with the latest deliveries so an integrator can see what its endpoint answered. */
  async get(user: AuthenticatedUser, partyId: string): Promise<WebhookResponseDto> {
    const webhook = AccessPolicy.visibleOr404(
      await this.dataSource.getRepository(PartyWebhook).findOneBy({ partyId }),
      (w) => AccessPolicy.canSee(user, w.partyId, false),
      'webhook',
    );
    const deliveries = await this.dataSource
      .getRepository(WebhookDelivery)
      .find({ where: { partyId }, order: { id: 'DESC' }, take: RECENT_DELIVERIES });
    return this.respond(webhook, deliveries);
  }

  async remove(user: AuthenticatedUser, partyId: string): Promise<void> {
    this.ownOr404(user, partyId);
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.delete(PartyWebhook, { partyId });
      if (!affected) throw new NotFoundException('webhook not found');
      await this.audit.record(manager, { actor: user, action: 'party.webhook-removed', objectType: 'party', objectId: partyId });
    });
  }

  /** A webhook is the party's private setting: for anyone else it does not exist. */
  private ownOr404(user: AuthenticatedUser, partyId: string): void {
    if (!AccessPolicy.ownsParty(user, partyId)) throw new NotFoundException('webhook not found');
  }

  private respond(webhook: PartyWebhook, deliveries: WebhookDelivery[]): WebhookResponseDto {
    return {
      url: webhook.url,
      signature: SIGNATURE,
      recentDeliveries: deliveries.map(deliveryResponse),
      createdAt: webhook.createdAt.toISOString(),
      updatedAt: webhook.updatedAt.toISOString(),
    };
  }
}

function deliveryResponse(delivery: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: delivery.id,
    notificationId: delivery.notificationId,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    failedAt: delivery.failedAt?.toISOString() ?? null,
    attempts: delivery.attempts,
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
  };
}
