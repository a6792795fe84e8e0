import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAccounts1795619786811 implements MigrationInterface {
    name = 'CreateAccounts1795619786811'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "actor_role" character varying(10) NOT NULL, "action" character varying(60) NOT NULL, "object_type" character varying(30) NOT NULL, "object_id" uuid NOT NULL, "summary" jsonb NOT NULL DEFAULT '{}', "request_id" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_entries_created" ON "audit_entries"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_entries_object" ON "audit_entries"  ("object_type", "object_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "parties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "country" character(2) NOT NULL, "region" character varying(10) NOT NULL, "kind" character varying(30) NOT NULL, "size_band" character varying(10), "website" character varying(300), "description" character varying(2000), "languages" text array NOT NULL DEFAULT '{}', "contact_email" character varying(254), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_da698299dca60d55f0050dde935" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_id" uuid, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(10) NOT NULL, "password_hash" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ad1f5c70be10ee4a70525cdae5" ON "users"  ("party_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_4dcfe58bea009ced8c4c4f0a89" ON "invitations"  ("party_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_invitations_token_hash" ON "invitations"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_ad1f5c70be10ee4a70525cdae56" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_4dcfe58bea009ced8c4c4f0a89d" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_4dcfe58bea009ced8c4c4f0a89d"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_ad1f5c70be10ee4a70525cdae56"`);
        await queryRunner.query(`DROP INDEX "public"."uq_invitations_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4dcfe58bea009ced8c4c4f0a89"`);
        await queryRunner.query(`DROP TABLE "invitations"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ad1f5c70be10ee4a70525cdae5"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "parties"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_entries_object"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_entries_created"`);
        await queryRunner.query(`DROP TABLE "audit_entries"`);
    }

}
