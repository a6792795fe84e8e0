import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateListingImports1795910000000 implements MigrationInterface {
    name = 'CreateListingImports1795910000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "listing_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "format" character varying(4) NOT NULL, "status" character varying(10) NOT NULL, "requested_by" uuid NOT NULL, "total_rows" integer NOT NULL, "processed_rows" integer NOT NULL DEFAULT '0', "imported_count" integer NOT NULL DEFAULT '0', "rejected_count" integer NOT NULL DEFAULT '0', "failure" character varying(500), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_40bda3ba943ebce65cbd3c93232" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_listing_imports_status" ON "listing_imports"  ("status", "updated_at") `);
        await queryRunner.query(`CREATE TABLE "listing_import_rows" ("import_id" uuid NOT NULL, "row_number" integer NOT NULL, "payload" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "listing_id" uuid, "errors" jsonb, CONSTRAINT "PK_bb6788c2b4383818dfc5fc4c5db" PRIMARY KEY ("import_id", "row_number"))`);
        await queryRunner.query(`ALTER TABLE "listing_import_rows" ADD CONSTRAINT "FK_e34c1a468f90ec9c0844c09b027" FOREIGN KEY ("import_id") REFERENCES "listing_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand: the worker takes the next pending rows of an import without walking the finished ones.
        await queryRunner.query(`CREATE INDEX "ix_listing_import_rows_pending" ON "listing_import_rows" ("import_id", "row_number") WHERE "status" = 'pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_listing_import_rows_pending"`);
        await queryRunner.query(`ALTER TABLE "listing_import_rows" DROP CONSTRAINT "FK_e34c1a468f90ec9c0844c09b027"`);
        await queryRunner.query(`DROP TABLE "listing_import_rows"`);
        await queryRunner.query(`DROP INDEX "public"."ix_listing_imports_status"`);
        await queryRunner.query(`DROP TABLE "listing_imports"`);
    }

}
