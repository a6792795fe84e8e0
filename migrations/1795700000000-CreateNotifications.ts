import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateNotifications1795700000000 implements MigrationInterface {
    name = 'CreateNotifications1795700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "title" character varying(300) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "dedupe_key" character varying(200), "read_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications"  ("party_id", "dedupe_key") `);
        await queryRunner.query(`CREATE INDEX "ix_notifications_party" ON "notifications"  ("party_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "party_webhooks" ("party_id" uuid NOT NULL, "url" character varying(500) NOT NULL, "secret" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4dae0cbbe074f191812d654c53" PRIMARY KEY ("party_id"))`);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" BIGSERIAL NOT NULL, "notification_id" uuid NOT NULL, "party_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP(3) WITH TIME ZONE, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "failed_at" TIMESTAMP(3) WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_status" smallint, "last_error" character varying(500), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_notification" ON "webhook_deliveries"  ("notification_id") `);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_252838b64f599212b105c7f2325" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "party_webhooks" ADD CONSTRAINT "FK_a4dae0cbbe074f191812d654c53" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_b595a77db5d4504c875d2905222" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand: partial indexes for "unread" inboxes and the pending webhook outbox.
        await queryRunner.query(`CREATE INDEX "ix_notifications_unread" ON "notifications" ("party_id", "created_at", "id") WHERE "read_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_pending" ON "webhook_deliveries" ("id") WHERE "dispatched_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_unread"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_b595a77db5d4504c875d2905222"`);
        await queryRunner.query(`ALTER TABLE "party_webhooks" DROP CONSTRAINT "FK_a4dae0cbbe074f191812d654c53"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_252838b64f599212b105c7f2325"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_notification"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP TABLE "party_webhooks"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_party"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notifications_dedupe"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
