import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * (status, score) served no query: every status lookup (review queue, scheduling, statistics)
 * reads ix_matches_review_queue, which also leads with status, and under the mixed load it was
 * scanned 0 times. Every re-score wrote it all the same (score is in it), in the re-match's
 * heaviest phase: PostgreSQL writing matches.
 */
export class DropMatchesStatusScoreIndex1796300000000 implements MigrationInterface {
  name = 'DropMatchesStatusScoreIndex1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_matches_status_score"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_matches_status_score" ON "matches" ("status", "score")`);
  }
}
