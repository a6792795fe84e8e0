import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change log's UPDATE trigger joins its old and new transition tables on id. PL/pgSQL plans
 * that join once per connection and keeps the plan, with the row counts of that first call: a
 * connection whose first UPDATE of matches touched a row or none (a human decision, a flag clearing
 * that found nothing) planned a nested loop, and then compared every old row with every new row of
 * each later statement: 0.7 s of a 2,000-row re-scoring batch, against 0.03 s with a hash join.
 * Without nested loops the kept plan is a hash (or merge) join whatever the first call saw. The
 * rows logged are the same.
 */
export class HashJoinPartyMatchChangesOfUpdates1796500000000 implements MigrationInterface {
  name = 'HashJoinPartyMatchChangesOfUpdates1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION note_party_match_changes_of_updates() SET enable_nestloop = off`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION note_party_match_changes_of_updates() RESET enable_nestloop`);
  }
}
