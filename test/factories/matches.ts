import { DataSource } from 'typeorm';
import request from 'supertest';
import { Member } from './accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed } from './listings';

type Http = Parameters<typeof request>[0];

export interface MatchFixture {
  id: string;
  version: number;
  offerId: string;
  needId: string;
}

const EXPLANATION = {
  factors: [
    { name: 'concepts', weight: 0.5, value: 0.8, contribution: 0.4 },
    { name: 'readiness', weight: 0.2, value: 1, contribution: 0.2 },
  ],
  sharedConceptIds: [],
  sharedFieldIds: [],
};

/**
 * A published offer of `offerSide` and a published need of `needSide` (created through the API, so
 * they are real listings; the stack must run with LISTING_REVIEW=off), joined by a match written
 * directly, as the matcher would, without waiting for a worker.
 */
export async function createMatch(
  http: Http,
  dataSource: DataSource,
  offerSide: Member,
  needSide: Member,
  overrides: { score?: number; sector?: string; status?: string; chosen?: boolean; offerPreference?: string | null; needPreference?: string | null } = {},
): Promise<MatchFixture> {
  const offer = await createListing(http, offerSide.token, 'offers', chineseSolarOffer);
  const need = await createListing(http, needSide.token, 'needs', thaiSolarNeed);
  if (offer.status !== 'published' || need.status !== 'published') throw new Error('createMatch needs LISTING_REVIEW=off');
  return insertMatch(dataSource, { id: offer.id, partyId: offerSide.partyId }, { id: need.id, partyId: needSide.partyId }, overrides);
}

export async function insertMatch(
  dataSource: DataSource,
  offer: { id: string; partyId: string },
  need: { id: string; partyId: string },
  overrides: { score?: number; sector?: string; status?: string; chosen?: boolean; offerPreference?: string | null; needPreference?: string | null } = {},
): Promise<MatchFixture> {
  const chosen = overrides.chosen ?? true;
  const [row] = await dataSource.query(
    `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version,
                          offer_revision, need_revision, chosen_by_offer, chosen_by_need, status, offer_preference, need_preference, announced_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'test', 'test', 1, 1, $8, $8, $9, $10, $11, now())
     RETURNING id, version`,
    [
      offer.id,
      need.id,
      offer.partyId,
      need.partyId,
      overrides.sector ?? 'sustainable-development',
      overrides.score ?? 0.6,
      JSON.stringify(EXPLANATION),
      chosen,
      overrides.status ?? 'proposed',
      overrides.offerPreference ?? null,
      overrides.needPreference ?? null,
    ],
  );
  return { id: row.id, version: row.version, offerId: offer.id, needId: need.id };
}
