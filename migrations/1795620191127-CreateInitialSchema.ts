import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateInitialSchema1795620191127 implements MigrationInterface {
    name = 'CreateInitialSchema1795620191127'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "actor_role" character varying(10) NOT NULL, "action" character varying(60) NOT NULL, "object_type" character varying(30) NOT NULL, "object_id" uuid NOT NULL, "summary" jsonb NOT NULL DEFAULT '{}', "request_id" character varying(128), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_entries_created" ON "audit_entries"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_entries_object" ON "audit_entries"  ("object_type", "object_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "parties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "country" character(2) NOT NULL, "region" character varying(10) NOT NULL, "kind" character varying(30) NOT NULL, "size_band" character varying(10), "website" character varying(300), "description" character varying(2000), "languages" text array NOT NULL DEFAULT '{}', "contact_email" character varying(254), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_da698299dca60d55f0050dde935" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_id" uuid, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(10) NOT NULL, "password_hash" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ad1f5c70be10ee4a70525cdae5" ON "users"  ("party_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "listings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(5) NOT NULL, "party_id" uuid NOT NULL, "party_country" character(2) NOT NULL, "party_region" character varying(10) NOT NULL, "status" character varying(12) NOT NULL, "revision" integer NOT NULL DEFAULT '1', "title" character varying(256) NOT NULL, "summary" character varying(500), "description" character varying(4000) NOT NULL, "advantages" character varying(2000), "requirements" character varying(2000), "language" character varying(35) NOT NULL, "detected_language" character varying(8) NOT NULL, "language_confidence" real NOT NULL DEFAULT '0', "sector" character varying(30) NOT NULL, "sector_suggested" boolean NOT NULL DEFAULT false, "sector_confidence" real, "declared_fields" text array NOT NULL DEFAULT '{}', "field_ids" integer array NOT NULL DEFAULT '{}', "concept_ids" integer array NOT NULL DEFAULT '{}', "concept_counts" jsonb NOT NULL DEFAULT '{}', "term_frequencies" jsonb NOT NULL DEFAULT '{}', "keywords" text array NOT NULL DEFAULT '{}', "sdgs" smallint array NOT NULL DEFAULT '{}', "trl" smallint, "min_trl" smallint, "stage" character varying(20), "ip_status" character varying(20), "transfer_modes" text array NOT NULL DEFAULT '{}', "target_countries" text array NOT NULL DEFAULT '{}', "deadline" date, "search_document" text NOT NULL DEFAULT '', "quality_issues" jsonb NOT NULL DEFAULT '[]', "review_note" character varying(2000), "submitted_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "expiry_notice_sent_at" TIMESTAMP WITH TIME ZONE, "taxonomy_version" character varying(30) NOT NULL, "scored_revision" integer, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_520ecac6c99ec90bcf5a603cdcb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_listings_expiry" ON "listings"  ("status", "expires_at") `);
        await queryRunner.query(`CREATE INDEX "ix_listings_country" ON "listings"  ("party_country", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_listings_sector" ON "listings"  ("sector", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_listings_party" ON "listings"  ("party_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_listings_kind_status_published" ON "listings"  ("kind", "status", "published_at") `);
        await queryRunner.query(`CREATE TABLE "matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "offer_id" uuid NOT NULL, "need_id" uuid NOT NULL, "offer_party_id" uuid NOT NULL, "need_party_id" uuid NOT NULL, "sector" character varying(30) NOT NULL, "score" real NOT NULL, "explanation" jsonb NOT NULL, "algorithm_version" character varying(30) NOT NULL, "taxonomy_version" character varying(30) NOT NULL, "offer_revision" integer NOT NULL, "need_revision" integer NOT NULL, "chosen_by_offer" boolean NOT NULL DEFAULT false, "chosen_by_need" boolean NOT NULL DEFAULT false, "status" character varying(10) NOT NULL DEFAULT 'proposed', "offer_preference" character varying(10), "need_preference" character varying(10), "review_note" character varying(2000), "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_matches_pair" UNIQUE ("offer_id", "need_id"), CONSTRAINT "PK_8a22c7b2e0828988d51256117f4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_matches_status_score" ON "matches"  ("status", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_party_score" ON "matches"  ("need_party_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_party_score" ON "matches"  ("offer_party_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_score" ON "matches"  ("need_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_score" ON "matches"  ("offer_id", "score") `);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" BIGSERIAL NOT NULL, "topic" character varying(40) NOT NULL, "listing_id" uuid NOT NULL, "revision" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_4dcfe58bea009ced8c4c4f0a89" ON "invitations"  ("party_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_invitations_token_hash" ON "invitations"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_ad1f5c70be10ee4a70525cdae56" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "listings" ADD CONSTRAINT "FK_adb0a15b1f887e1b9315997872b" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_c424b8d08d23c66d2fb0a4b0392" FOREIGN KEY ("offer_id") REFERENCES "listings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_53700350f1815df6cdec2f93f5e" FOREIGN KEY ("need_id") REFERENCES "listings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_4dcfe58bea009ced8c4c4f0a89d" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Written by hand: operator classes and expressions that entity decorators cannot express.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS intarray`);
        await queryRunner.query(`CREATE INDEX "ix_listings_concepts" ON "listings" USING gin ("concept_ids" gin__int_ops)`);
        await queryRunner.query(`CREATE INDEX "ix_listings_fields" ON "listings" USING gin ("field_ids" gin__int_ops)`);
        await queryRunner.query(`CREATE INDEX "ix_listings_transfer_modes" ON "listings" USING gin ("transfer_modes")`);
        await queryRunner.query(`CREATE INDEX "ix_listings_search" ON "listings" USING gin (to_tsvector('simple', "search_document"))`);
        await queryRunner.query(`CREATE INDEX "ix_listings_unscored" ON "listings" ("id") WHERE "status" = 'published' AND ("scored_revision" IS NULL OR "scored_revision" < "revision")`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_events_pending" ON "outbox_events" ("id") WHERE "dispatched_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_unscored"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_search"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_transfer_modes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_fields"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_concepts"`);
        await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_4dcfe58bea009ced8c4c4f0a89d"`);
        await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_53700350f1815df6cdec2f93f5e"`);
        await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_c424b8d08d23c66d2fb0a4b0392"`);
        await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "FK_adb0a15b1f887e1b9315997872b"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_ad1f5c70be10ee4a70525cdae56"`);
        await queryRunner.query(`DROP INDEX "public"."uq_invitations_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4dcfe58bea009ced8c4c4f0a89"`);
        await queryRunner.query(`DROP TABLE "invitations"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_party_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_party_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_status_score"`);
        await queryRunner.query(`DROP TABLE "matches"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_kind_status_published"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_party"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_sector"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_country"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listings_expiry"`);
        await queryRunner.query(`DROP TABLE "listings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ad1f5c70be10ee4a70525cdae5"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "parties"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_entries_object"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_entries_created"`);
        await queryRunner.query(`DROP TABLE "audit_entries"`);
    }

}
