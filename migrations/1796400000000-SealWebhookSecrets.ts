import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secrets are stored sealed (AES-256-GCM, webhook-secret-box.ts), longer than the secrets
 * themselves. The worker seals the rows stored before at its next start (WebhookDeliveryService):
 * a migration cannot, as the key comes from the environment.
 */
export class SealWebhookSecrets1796400000000 implements MigrationInterface {
  name = 'SealWebhookSecrets1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "party_webhooks" ALTER COLUMN "secret" TYPE text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails on a sealed secret longer than 200 characters rather than truncating it.
    await queryRunner.query(`ALTER TABLE "party_webhooks" ALTER COLUMN "secret" TYPE character varying(200)`);
  }
}
