import { MigrationInterface, QueryRunner } from "typeorm";

/** The match lists order by (score DESC, id DESC); with id in the index a page is read in order and stops, no sort. */
export class ExtendMatchListIndexes1795700200000 implements MigrationInterface {
    name = 'ExtendMatchListIndexes1795700200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_party_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_party_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_score"`);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_party_score" ON "matches"  ("need_party_id", "score", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_party_score" ON "matches"  ("offer_party_id", "score", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_score" ON "matches"  ("need_id", "score", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_score" ON "matches"  ("offer_id", "score", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_offer_party_score"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_need_party_score"`);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_score" ON "matches" ("offer_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_score" ON "matches" ("need_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_offer_party_score" ON "matches" ("offer_party_id", "score") `);
        await queryRunner.query(`CREATE INDEX "ix_matches_need_party_score" ON "matches" ("need_party_id", "score") `);
    }

}
