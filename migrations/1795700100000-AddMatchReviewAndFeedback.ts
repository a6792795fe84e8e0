import { MigrationInterface, QueryRunner } from "typeorm";

export class AddMatchReviewAndFeedback1795700100000 implements MigrationInterface {
    name = 'AddMatchReviewAndFeedback1795700100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "match_feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "match_id" uuid NOT NULL, "party_id" uuid NOT NULL, "user_id" uuid NOT NULL, "side" character varying(5) NOT NULL, "reason" character varying(40) NOT NULL, "comment" character varying(2000), "score" real NOT NULL, "explanation" jsonb NOT NULL, "algorithm_version" character varying(30) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_match_feedback_party" UNIQUE ("match_id", "party_id"), CONSTRAINT "PK_a9264ade30c49f70740ae0ca5b8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_match_feedback_reason" ON "match_feedback"  ("reason") `);
        await queryRunner.query(`ALTER TABLE "match_feedback" ADD CONSTRAINT "FK_8a90598427d959e9eb56f33ff5d" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "matches" ADD "announced_at" TIMESTAMP(3) WITH TIME ZONE`);
        // Matches that existed before notices did are not announced now, all at once.
        await queryRunner.query(`UPDATE "matches" SET "announced_at" = "created_at"`);

        // Written by hand. meetingPriority() of src/modules/matching/scoring/meeting-priority.ts in SQL
        // (an integration test holds the two equal): tier * 2 + score, NULL when a side said no-thanks.
        // A pure function of three stored columns, so nothing has to keep a stored copy in step.
        await queryRunner.query(`
            CREATE FUNCTION match_priority(score real, offer_preference varchar, need_preference varchar) RETURNS real
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT CASE WHEN offer_preference = 'no-thanks' OR need_preference = 'no-thanks' THEN NULL
                ELSE round((
                  (  (CASE offer_preference WHEN 'must-meet' THEN 2 WHEN 'meet' THEN 1 ELSE 0 END)
                   + (CASE need_preference WHEN 'must-meet' THEN 2 WHEN 'meet' THEN 1 ELSE 0 END)
                   + (CASE WHEN offer_preference IN ('must-meet', 'meet') AND need_preference IN ('must-meet', 'meet') THEN 1 ELSE 0 END)
                  ) * 2 + score::numeric), 4)::real
              END
            $$`);
        await queryRunner.query(`CREATE INDEX "ix_matches_review_queue" ON "matches" ("status", (coalesce(match_priority("score", "offer_preference", "need_preference"), -1)) DESC, "id" DESC)`);
        await queryRunner.query(`CREATE INDEX "ix_matches_unannounced" ON "matches" ("score") WHERE "announced_at" IS NULL AND ("chosen_by_offer" OR "chosen_by_need")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_matches_unannounced"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matches_review_queue"`);
        await queryRunner.query(`DROP FUNCTION match_priority(real, varchar, varchar)`);
        await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "announced_at"`);
        await queryRunner.query(`ALTER TABLE "match_feedback" DROP CONSTRAINT "FK_8a90598427d959e9eb56f33ff5d"`);
        await queryRunner.query(`DROP INDEX "public"."ix_match_feedback_reason"`);
        await queryRunner.query(`DROP TABLE "match_feedback"`);
    }

}
