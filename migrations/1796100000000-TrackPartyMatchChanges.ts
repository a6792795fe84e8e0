import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A log of "something a party's recommendation lists show has changed", written by triggers, so
 * that an API process can keep a list it has already built and prove it is still current with
 * one index probe: a cached list remembers the snapshot it was read in, and it is stale exactly
 * when a change row exists whose transaction that snapshot did not see (pg_visible_in_snapshot).
 * This is strict across processes and needs no lock: a version counter per party would be a row
 * that every scoring transaction locks until it commits, and concurrent batches would queue (and
 * deadlock) on the parties they share; appended rows never conflict.
 *
 * What a list shows, and so what is logged: the matches of the party's listings (the columns
 * parties see, listed below; `announced_at` and the revisions are not among them), the listings
 * on either side of those matches (status, title, summary, language, sector, country) and the
 * counterpart party's name. A column added to the recommendation response must be added here.
 *
 * Rows older than the cache can hold a list are deleted by the worker (RecommendationChangesPruner).
 */
export class TrackPartyMatchChanges1796100000000 implements MigrationInterface {
  name = 'TrackPartyMatchChanges1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "party_match_changes" (
        "party_id" uuid NOT NULL,
        "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "changed_at" timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_party_match_changes_party" ON "party_match_changes" ("party_id", "xid")`);
    await queryRunner.query(`CREATE INDEX "ix_party_match_changes_age" ON "party_match_changes" ("changed_at")`);

    // Statement-level with transition tables: a scoring batch writes thousands of match rows in one
    // statement and logs each party it touched once.
    await queryRunner.query(`
      CREATE FUNCTION note_party_match_changes_of_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO party_match_changes (party_id)
        SELECT offer_party_id FROM changed_matches UNION SELECT need_party_id FROM changed_matches;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_matches_inserted_note_parties AFTER INSERT ON matches
      REFERENCING NEW TABLE AS changed_matches FOR EACH STATEMENT EXECUTE FUNCTION note_party_match_changes_of_rows()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_matches_deleted_note_parties AFTER DELETE ON matches
      REFERENCING OLD TABLE AS changed_matches FOR EACH STATEMENT EXECUTE FUNCTION note_party_match_changes_of_rows()`);
    await queryRunner.query(`
      CREATE FUNCTION note_party_match_changes_of_updates() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH changed AS (
          SELECT n.offer_party_id, n.need_party_id
            FROM old_matches o JOIN new_matches n ON n.id = o.id
           WHERE (o.score, o.explanation, o.status, o.offer_preference, o.need_preference, o.chosen_by_offer, o.chosen_by_need,
                  o.algorithm_version, o.version, o.updated_at, o.review_note, o.reviewed_by, o.reviewed_at)
                 IS DISTINCT FROM
                 (n.score, n.explanation, n.status, n.offer_preference, n.need_preference, n.chosen_by_offer, n.chosen_by_need,
                  n.algorithm_version, n.version, n.updated_at, n.review_note, n.reviewed_by, n.reviewed_at))
        INSERT INTO party_match_changes (party_id)
        SELECT offer_party_id FROM changed UNION SELECT need_party_id FROM changed;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_matches_updated_note_parties AFTER UPDATE ON matches
      REFERENCING OLD TABLE AS old_matches NEW TABLE AS new_matches FOR EACH STATEMENT EXECUTE FUNCTION note_party_match_changes_of_updates()`);

    // Row-level with a WHEN clause: most listing updates (scored revisions, analysis) show in no
    // list and never call the function.
    await queryRunner.query(`
      CREATE FUNCTION note_party_match_changes_of_listing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO party_match_changes (party_id)
        SELECT NEW.party_id
        UNION SELECT need_party_id FROM matches WHERE offer_id = NEW.id
        UNION SELECT offer_party_id FROM matches WHERE need_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_listings_updated_note_parties AFTER UPDATE ON listings FOR EACH ROW
      WHEN ((OLD.status, OLD.title, OLD.summary, OLD.language, OLD.sector, OLD.party_country)
            IS DISTINCT FROM (NEW.status, NEW.title, NEW.summary, NEW.language, NEW.sector, NEW.party_country))
      EXECUTE FUNCTION note_party_match_changes_of_listing()`);
    await queryRunner.query(`
      CREATE FUNCTION note_party_match_changes_of_party() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO party_match_changes (party_id)
        SELECT NEW.id
        UNION SELECT need_party_id FROM matches WHERE offer_party_id = NEW.id
        UNION SELECT offer_party_id FROM matches WHERE need_party_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_parties_renamed_note_parties AFTER UPDATE ON parties FOR EACH ROW
      WHEN (OLD.name IS DISTINCT FROM NEW.name)
      EXECUTE FUNCTION note_party_match_changes_of_party()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_parties_renamed_note_parties ON parties`);
    await queryRunner.query(`DROP FUNCTION note_party_match_changes_of_party()`);
    await queryRunner.query(`DROP TRIGGER tr_listings_updated_note_parties ON listings`);
    await queryRunner.query(`DROP FUNCTION note_party_match_changes_of_listing()`);
    await queryRunner.query(`DROP TRIGGER tr_matches_updated_note_parties ON matches`);
    await queryRunner.query(`DROP FUNCTION note_party_match_changes_of_updates()`);
    await queryRunner.query(`DROP TRIGGER tr_matches_deleted_note_parties ON matches`);
    await queryRunner.query(`DROP TRIGGER tr_matches_inserted_note_parties ON matches`);
    await queryRunner.query(`DROP FUNCTION note_party_match_changes_of_rows()`);
    await queryRunner.query(`DROP TABLE "party_match_changes"`);
  }
}
