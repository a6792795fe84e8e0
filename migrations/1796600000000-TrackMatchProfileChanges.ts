import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A log of "what scoring reads of this listing changed", so that a worker can keep every published
 * listing in memory (its candidate index and prepared features) and bring it up to date before
 * each job with one query: it remembers the snapshot its copy was read in, and reads again exactly
 * the listings with a change row whose transaction that snapshot did not see
 * (pg_visible_in_snapshot), the same scheme as party_match_changes.
 *
 * Logged: a listing published, deleted while published, or updated while published before or
 * after in a column scoring or retrieval reads. The column list keeps the trigger from firing at
 * all on the updates scoring itself makes (scored_revision), so a re-match pays nothing for it.
 * A column scoring starts to read must be added here.
 *
 * The worker deletes rows after an hour (ChangeLogPruner); a worker that has not caught up in
 * half of that reads everything again.
 */
export class TrackMatchProfileChanges1796600000000 implements MigrationInterface {
  name = 'TrackMatchProfileChanges1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "match_profile_changes" (
        "listing_id" uuid NOT NULL,
        "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "changed_at" timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_match_profile_changes_xid" ON "match_profile_changes" ("xid")`);
    await queryRunner.query(`CREATE INDEX "ix_match_profile_changes_age" ON "match_profile_changes" ("changed_at")`);
    await queryRunner.query(`
      CREATE FUNCTION note_match_profile_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO match_profile_changes (listing_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_listings_inserted_note_profile AFTER INSERT ON listings FOR EACH ROW
      WHEN (NEW.status = 'published')
      EXECUTE FUNCTION note_match_profile_change()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_listings_deleted_note_profile AFTER DELETE ON listings FOR EACH ROW
      WHEN (OLD.status = 'published')
      EXECUTE FUNCTION note_match_profile_change()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_listings_updated_note_profile
        AFTER UPDATE OF status, kind, party_id, party_country, language, sector, concept_ids, concept_counts, field_ids, term_frequencies,
                        trl, min_trl, transfer_modes, target_countries, revision, published_at, taxonomy_version
        ON listings FOR EACH ROW
      WHEN ((OLD.status = 'published' OR NEW.status = 'published')
            AND (OLD.status, OLD.kind, OLD.party_id, OLD.party_country, OLD.language, OLD.sector, OLD.concept_ids, OLD.concept_counts,
                 OLD.field_ids, OLD.term_frequencies, OLD.trl, OLD.min_trl, OLD.transfer_modes, OLD.target_countries, OLD.revision,
                 OLD.published_at, OLD.taxonomy_version)
                IS DISTINCT FROM
                (NEW.status, NEW.kind, NEW.party_id, NEW.party_country, NEW.language, NEW.sector, NEW.concept_ids, NEW.concept_counts,
                 NEW.field_ids, NEW.term_frequencies, NEW.trl, NEW.min_trl, NEW.transfer_modes, NEW.target_countries, NEW.revision,
                 NEW.published_at, NEW.taxonomy_version))
      EXECUTE FUNCTION note_match_profile_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_listings_updated_note_profile ON listings`);
    await queryRunner.query(`DROP TRIGGER tr_listings_deleted_note_profile ON listings`);
    await queryRunner.query(`DROP TRIGGER tr_listings_inserted_note_profile ON listings`);
    await queryRunner.query(`DROP FUNCTION note_match_profile_change()`);
    await queryRunner.query(`DROP TABLE "match_profile_changes"`);
  }
}
