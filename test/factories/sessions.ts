import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { regionOf } from '../../src/common/geography/regions';
import { bearer } from './accounts';

type Http = Parameters<typeof request>[0];
type Preference = 'must-meet' | 'meet' | 'no-thanks' | null;

/** A party straight into the table, for tests that need many and no login. */
export async function insertParty(dataSource: DataSource, party: { name?: string; country?: string; languages?: string[] } = {}): Promise<string> {
  const country = party.country ?? 'CN';
  const [row] = await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, languages, version) VALUES ($1, $2, $3, 'enterprise', $4, 1) RETURNING id`,
    [party.name ?? `Party ${randomUUID().slice(0, 8)}`, country, regionOf(country), party.languages ?? ['zh', 'en']],
  );
  return row.id;
}

async function insertListing(dataSource: DataSource, partyId: string, kind: 'offer' | 'need', title: string, sector: string): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, taxonomy_version, published_at)
     SELECT $2, p.id, p.country, p.region, 'published', $3::text, $3::text || ': generated for a scheduling test', 'en', 'en', $4, 'test', now()
       FROM parties p WHERE p.id = $1
     RETURNING id`,
    [partyId, kind, title, sector],
  );
  return row.id;
}

export interface ApprovedMatch {
  matchId: string;
  offerId: string;
  needId: string;
}

/**
 * An approved match between an offer of one party and a need of the other, as review would leave
 * it (approved by SQL: the tests here are about what happens after review).
 */
export async function insertApprovedMatch(
  dataSource: DataSource,
  offerPartyId: string,
  needPartyId: string,
  options: { score?: number; offerPreference?: Preference; needPreference?: Preference; sector?: string; status?: string } = {},
): Promise<ApprovedMatch> {
  const sector = options.sector ?? 'sustainable-development';
  const offerId = await insertListing(dataSource, offerPartyId, 'offer', `Offer ${randomUUID().slice(0, 6)}`, sector);
  const needId = await insertListing(dataSource, needPartyId, 'need', `Need ${randomUUID().slice(0, 6)}`, sector);
  const [row] = await dataSource.query(
    `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version,
                          offer_revision, need_revision, status, offer_preference, need_preference, chosen_by_offer, chosen_by_need)
     VALUES ($1, $2, $3, $4, $5, $6, '{"factors":[],"sharedConceptIds":[],"sharedFieldIds":[]}', 'test', 'test', 1, 1, $7, $8, $9, true, true)
     RETURNING id`,
    [offerId, needId, offerPartyId, needPartyId, sector, options.score ?? 0.6, options.status ?? 'approved', options.offerPreference ?? null, options.needPreference ?? null],
  );
  return { matchId: row.id, offerId, needId };
}

const HOUR = 3_600_000;

/** ISO with the Nanning offset, as an organiser would type it. */
export function nanning(date: Date): string {
  const local = new Date(date.getTime() + 8 * HOUR);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** A session body starting at `startsAt` (default: yesterday, so outcomes can be recorded), `slots` slots of 30 minutes. */
export function sessionBody(overrides: Record<string, unknown> = {}, options: { startsAt?: Date; slots?: number } = {}) {
  const start = options.startsAt ?? new Date(Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR);
  const slots = options.slots ?? 4;
  return {
    name: `Matchmakings ${randomUUID().slice(0, 6)}`,
    venue: 'Nanning International Convention and Exhibition Centre',
    startsAt: nanning(start),
    endsAt: nanning(new Date(start.getTime() + slots * 30 * 60_000)),
    slotMinutes: 30,
    tables: 10,
    ...overrides,
  };
}

export async function createSession(http: Http, adminToken: string, body: Record<string, unknown>) {
  const response = await request(http).post('/api/v1/admin/sessions').set(bearer(adminToken)).send(body);
  if (response.status !== 201) throw new Error(`POST /admin/sessions answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A session row straight into the table (integration tests), `slotCount` slots from now. */
export async function insertSession(dataSource: DataSource, options: { slotCount?: number; tables?: number } = {}): Promise<string> {
  const slotCount = options.slotCount ?? 4;
  const [row] = await dataSource.query(
    `INSERT INTO matchmaking_sessions (name, time_zone, starts_at, ends_at, slot_minutes, slot_count, table_count)
     VALUES ('test session', 'Asia/Shanghai', now(), now() + make_interval(mins => $1 * 30), 30, $1, $2) RETURNING id`,
    [slotCount, options.tables ?? 10],
  );
  return row.id;
}
