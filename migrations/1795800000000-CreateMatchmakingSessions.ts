import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateMatchmakingSessions1795800000000 implements MigrationInterface {
    name = 'CreateMatchmakingSessions1795800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "matchmaking_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "venue" character varying(300), "time_zone" character varying(64) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "slot_minutes" integer NOT NULL, "slot_count" integer NOT NULL, "table_count" integer NOT NULL, "breaks" jsonb NOT NULL DEFAULT '[]', "interpreters" jsonb NOT NULL DEFAULT '[]', "status" character varying(12) NOT NULL DEFAULT 'setup', "schedule_job_id" character varying(100), "schedule_requested_at" TIMESTAMP WITH TIME ZONE, "schedule_runs" integer NOT NULL DEFAULT '0', "last_schedule" jsonb, "published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_matchmaking_sessions_shape" CHECK ("slot_minutes" > 0 AND "table_count" > 0 AND "slot_count" > 0), CONSTRAINT "ck_matchmaking_sessions_window" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_970e849160d435b25a28ebad8cd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_matchmaking_sessions_starts" ON "matchmaking_sessions"  ("starts_at") `);
        await queryRunner.query(`CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "match_id" uuid NOT NULL, "offer_party_id" uuid NOT NULL, "need_party_id" uuid NOT NULL, "slot_index" integer NOT NULL, "table_number" integer NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "priority" real NOT NULL, "interpreter" character varying(20), "status" character varying(10) NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "cancel_reason" character varying(500), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meetings_place" CHECK ("slot_index" >= 0 AND "table_number" >= 1), CONSTRAINT "ck_meetings_two_parties" CHECK ("offer_party_id" <> "need_party_id"), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_meetings_match" ON "meetings"  ("match_id") `);
        await queryRunner.query(`CREATE INDEX "ix_meetings_session_need_party" ON "meetings"  ("session_id", "need_party_id") `);
        await queryRunner.query(`CREATE INDEX "ix_meetings_session_offer_party" ON "meetings"  ("session_id", "offer_party_id") `);
        await queryRunner.query(`CREATE INDEX "ix_meetings_session_slot" ON "meetings"  ("session_id", "slot_index", "table_number") `);
        await queryRunner.query(`CREATE TABLE "meeting_attendance" ("meeting_id" uuid NOT NULL, "party_id" uuid NOT NULL, "session_id" uuid NOT NULL, "slot_index" integer NOT NULL, CONSTRAINT "uq_meeting_attendance_party_slot" UNIQUE ("session_id", "slot_index", "party_id"), CONSTRAINT "PK_37046d26574f257d96d1cf84516" PRIMARY KEY ("meeting_id", "party_id"))`);
        await queryRunner.query(`CREATE TABLE "meeting_outcomes" ("meeting_id" uuid NOT NULL, "party_id" uuid NOT NULL, "side" character varying(5) NOT NULL, "outcome" character varying(20) NOT NULL, "agreement_type" character varying(30), "note" character varying(2000), "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meeting_outcomes_agreement" CHECK (("outcome" = 'agreement') = ("agreement_type" IS NOT NULL)), CONSTRAINT "PK_ee69f3a2d7e0e11734f55f15677" PRIMARY KEY ("meeting_id", "party_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_meeting_outcomes_outcome" ON "meeting_outcomes"  ("outcome") `);
        await queryRunner.query(`CREATE TABLE "session_parties" ("session_id" uuid NOT NULL, "party_id" uuid NOT NULL, "available_slots" integer array, "max_meetings" integer, "updated_by" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_16390b8d73b4db4679ad73a5f14" PRIMARY KEY ("session_id", "party_id"))`);
        await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_980e7a59a936a0d64cbc5f1e1ea" FOREIGN KEY ("session_id") REFERENCES "matchmaking_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_a28323c28f461165a1a256638f8" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_1a30d3a773c842b352563e22eda" FOREIGN KEY ("offer_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_367843050ffea9c2d52a9c07192" FOREIGN KEY ("need_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "meeting_attendance" ADD CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "meeting_outcomes" ADD CONSTRAINT "FK_fd99209fa1952dabd97bf5cd8fe" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_parties" ADD CONSTRAINT "FK_e1e98a3ca780cb16da344d9704a" FOREIGN KEY ("session_id") REFERENCES "matchmaking_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_parties" ADD CONSTRAINT "FK_707a3825829e5745ac81fd7a4a8" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand: what entity decorators cannot express. Live meetings only (cancelled ones
        // stay for the record and block nothing): one per table and slot, one per match and session.
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_meetings_session_slot_table" ON "meetings" ("session_id", "slot_index", "table_number") WHERE "status" <> 'cancelled'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_meetings_session_match" ON "meetings" ("session_id", "match_id") WHERE "status" <> 'cancelled'`);
        // A party may be the offer side of one meeting and the need side of another: two unique
        // indexes on meetings would miss that. One attendance row per party per live meeting, kept
        // by this trigger whatever writes meetings, and unique per (session, slot, party), catches it.
        await queryRunner.query(`
            CREATE FUNCTION "meetings_sync_attendance"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' THEN
                IF (OLD.status <> 'cancelled') = (NEW.status <> 'cancelled')
                   AND OLD.session_id = NEW.session_id AND OLD.slot_index = NEW.slot_index
                   AND OLD.offer_party_id = NEW.offer_party_id AND OLD.need_party_id = NEW.need_party_id THEN
                  RETURN NULL;
                END IF;
                DELETE FROM meeting_attendance WHERE meeting_id = OLD.id;
              END IF;
              IF NEW.status <> 'cancelled' THEN
                INSERT INTO meeting_attendance (meeting_id, party_id, session_id, slot_index)
                VALUES (NEW.id, NEW.offer_party_id, NEW.session_id, NEW.slot_index),
                       (NEW.id, NEW.need_party_id, NEW.session_id, NEW.slot_index);
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "meetings_attendance" AFTER INSERT OR UPDATE ON "meetings" FOR EACH ROW EXECUTE FUNCTION "meetings_sync_attendance"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "meetings_attendance" ON "meetings"`);
        await queryRunner.query(`DROP FUNCTION "meetings_sync_attendance"()`);
        await queryRunner.query(`DROP INDEX "public"."uq_meetings_session_match"`);
        await queryRunner.query(`DROP INDEX "public"."uq_meetings_session_slot_table"`);
        await queryRunner.query(`ALTER TABLE "session_parties" DROP CONSTRAINT "FK_707a3825829e5745ac81fd7a4a8"`);
        await queryRunner.query(`ALTER TABLE "session_parties" DROP CONSTRAINT "FK_e1e98a3ca780cb16da344d9704a"`);
        await queryRunner.query(`ALTER TABLE "meeting_outcomes" DROP CONSTRAINT "FK_fd99209fa1952dabd97bf5cd8fe"`);
        await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c"`);
        await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_367843050ffea9c2d52a9c07192"`);
        await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_1a30d3a773c842b352563e22eda"`);
        await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_a28323c28f461165a1a256638f8"`);
        await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_980e7a59a936a0d64cbc5f1e1ea"`);
        await queryRunner.query(`DROP TABLE "session_parties"`);
        await queryRunner.query(`DROP INDEX "public"."ix_meeting_outcomes_outcome"`);
        await queryRunner.query(`DROP TABLE "meeting_outcomes"`);
        await queryRunner.query(`DROP TABLE "meeting_attendance"`);
        await queryRunner.query(`DROP INDEX "public"."ix_meetings_session_slot"`);
        await queryRunner.query(`DROP INDEX "public"."ix_meetings_session_offer_party"`);
        await queryRunner.query(`DROP INDEX "public"."ix_meetings_session_need_party"`);
        await queryRunner.query(`DROP INDEX "public"."ix_meetings_match"`);
        await queryRunner.query(`DROP TABLE "meetings"`);
        await queryRunner.query(`DROP INDEX "public"."ix_matchmaking_sessions_starts"`);
        await queryRunner.query(`DROP TABLE "matchmaking_sessions"`);
    }

}
