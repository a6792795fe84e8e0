import request from 'supertest';
import { bearer, createAdmin, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed, vietnamesePaymentsOffer } from '../factories/listings';
import { startTestStack, TestStack } from '../helpers/test-app';
import { expectMatchesSpec } from '../helpers/openapi-validator';

describe('listings: lifecycle, review, visibility, search, outbox', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  const outboxRows = (listingId: string) =>
    stack.dataSource.query('SELECT topic, revision FROM outbox_events WHERE listing_id = $1 ORDER BY id', [listingId]) as Promise<{ topic: string; revision: number }[]>;

  it('detects the language, suggests the sector, finds concepts and writes the outbox row with the listing', async () => {
    const member = await registerMember(stack.http, { country: 'CN' });
    const offer = await createListing(stack.http, member.token, 'offers', chineseSolarOffer);
    expect(offer).toMatchObject({ kind: 'offer', status: 'submitted', revision: 1, detectedLanguage: 'zh', language: 'zh', sector: 'sustainable-development', sectorSuggested: true });
    expect(offer.concepts.length).toBeGreaterThan(0);
    expect(offer.concepts[0].labels).toHaveProperty('th');
    expect(await outboxRows(offer.id)).toEqual([{ topic: 'listing.created', revision: 1 }]);
  });

  it('walks draft -> submitted -> rejected -> submitted -> published -> withdrawn, bumping the revision and auditing', async () => {
    const member = await registerMember(stack.http, { country: 'TH' });
    const admin = await createAdmin(stack.http, stack.dataSource);
    const need = await createListing(stack.http, member.token, 'needs', { ...thaiSolarNeed, status: 'draft' });
    expect(need.status).toBe('draft');

    const submitted = expectMatchesSpec(await request(stack.http).patch(`/api/v1/needs/${need.id}`).set(bearer(member.token)).send({ status: 'submitted' }).expect(200));
    expect(submitted.body).toMatchObject({ status: 'submitted', revision: 2 });
    const queue = expectMatchesSpec(await request(stack.http).get('/api/v1/admin/listings?status=submitted').set(bearer(admin.token)).expect(200));
    expect(queue.body.items.map((l: { id: string }) => l.id)).toContain(need.id);

    expectMatchesSpec(await request(stack.http).post(`/api/v1/admin/listings/${need.id}/reject`).set(bearer(admin.token)).send({}).expect(400));
    const rejected = expectMatchesSpec(await request(stack.http).post(`/api/v1/admin/listings/${need.id}/reject`).set(bearer(admin.token)).send({ note: 'กรุณาระบุกำลังผลิต' }).expect(200));
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: 'กรุณาระบุกำลังผลิต' });

    expectMatchesSpec(await request(stack.http).patch(`/api/v1/needs/${need.id}`).set(bearer(member.token)).send({ status: 'submitted', description: thaiSolarNeed.description + ' 200 kW' }).expect(200));
    const published = expectMatchesSpec(await request(stack.http).post(`/api/v1/admin/listings/${need.id}/publish`).set(bearer(admin.token)).send({ note: 'ok' }).expect(200));
    expect(published.body.status).toBe('published');
    expect(new Date(published.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 24 * 3600 * 1000);
    expectMatchesSpec(await request(stack.http).post(`/api/v1/admin/listings/${need.id}/publish`).set(bearer(admin.token)).send({}).expect(409));

    const withdrawn = expectMatchesSpec(await request(stack.http).delete(`/api/v1/needs/${need.id}`).set(bearer(member.token)).expect(200));
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', revision: 6 });
    expect((await outboxRows(need.id)).map((row) => row.topic)).toEqual([
      'listing.created',
      'listing.updated',
      'listing.updated',
      'listing.published',
      'listing.withdrawn',
    ]);
    const audit = expectMatchesSpec(await request(stack.http).get(`/api/v1/admin/audit?objectType=listing&objectId=${need.id}&limit=20`).set(bearer(admin.token)).expect(200));
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['listing.rejected', 'listing.published', 'listing.withdrawn']));
  });

  it('moves a party\'s listings with the party to another country: new revision, and the published ones scored again', async () => {
    const member = await registerMember(stack.http, { country: 'CN' });
    const admin = await createAdmin(stack.http, stack.dataSource);
    const published = await createListing(stack.http, member.token, 'offers', chineseSolarOffer);
    await request(stack.http).post(`/api/v1/admin/listings/${published.id}/publish`).set(bearer(admin.token)).send({}).expect(200);
    const draft = await createListing(stack.http, member.token, 'offers', { ...chineseSolarOffer, status: 'draft' });

    await request(stack.http).patch(`/api/v1/parties/${member.partyId}`).set(bearer(member.token)).send({ country: 'VN' }).expect(200);

    const country = (listingId: string) =>
      stack.dataSource.query('SELECT party_country AS country, party_region AS region, revision FROM listings WHERE id = $1', [listingId]);
    expect(await country(published.id)).toEqual([{ country: 'VN', region: 'asean', revision: 3 }]);
    expect(await country(draft.id)).toEqual([{ country: 'VN', region: 'asean', revision: 2 }]);
    expect((await outboxRows(published.id)).slice(-1)).toEqual([{ topic: 'listing.updated', revision: 3 }]);
    expect(await outboxRows(draft.id)).toEqual([{ topic: 'listing.created', revision: 1 }]);
    const search = expectMatchesSpec(await request(stack.http).get('/api/v1/offers?country=VN&mine=true').set(bearer(member.token)).expect(200));
    expect(search.body.items.map((l: { id: string }) => l.id).sort()).toEqual([published.id, draft.id].sort());
    const audit = await request(stack.http).get(`/api/v1/admin/audit?objectType=party&objectId=${member.partyId}`).set(bearer(admin.token)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'party.updated', summary: { changed: ['country', 'region'], listingsMoved: 2 } });

    // Naming the country it already has moves nothing.
    await request(stack.http).patch(`/api/v1/parties/${member.partyId}`).set(bearer(member.token)).send({ country: 'VN' }).expect(200);
    expect(await country(published.id)).toEqual([{ country: 'VN', region: 'asean', revision: 3 }]);
    // Out of the search tests' way.
    await request(stack.http).delete(`/api/v1/offers/${published.id}`).set(bearer(member.token)).expect(200);
  });

  it('shows another party only published listings, and a draft of another party is 404', async () => {
    const owner = await registerMember(stack.http);
    const other = await registerMember(stack.http);
    const draft = await createListing(stack.http, owner.token, 'offers', { ...chineseSolarOffer, status: 'draft' });
    expectMatchesSpec(await request(stack.http).get(`/api/v1/offers/${draft.id}`).set(bearer(owner.token)).expect(200));
    expectMatchesSpec(await request(stack.http).get(`/api/v1/offers/${draft.id}`).set(bearer(other.token)).expect(404));
    expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${draft.id}`).set(bearer(owner.token)).expect(404));
    expectMatchesSpec(await request(stack.http).patch(`/api/v1/offers/${draft.id}`).set(bearer(other.token)).send({ title: 'mine now' }).expect(404));
    expectMatchesSpec(await request(stack.http).delete(`/api/v1/offers/${draft.id}`).set(bearer(other.token)).expect(404));
    const mine = expectMatchesSpec(await request(stack.http).get('/api/v1/offers?mine=true').set(bearer(owner.token)).expect(200));
    expect(mine.body.items.map((l: { id: string }) => l.id)).toContain(draft.id);
    const theirs = expectMatchesSpec(await request(stack.http).get('/api/v1/offers').set(bearer(other.token)).expect(200));
    expect(theirs.body.items.map((l: { id: string }) => l.id)).not.toContain(draft.id);
    expect(theirs.body.items.every((l: { qualityIssues?: unknown }) => l.qualityIssues === undefined)).toBe(true);
  });

  it.each([
    ['TRL 0', 'offers', { trl: 0 }, /trl must be a whole number from 1 to 9/],
    ['TRL 10', 'offers', { trl: 10 }, /trl must be a whole number from 1 to 9/],
    ['an empty title', 'offers', { title: '' }, /title must be 1 to 256 characters/],
    ['an unknown transfer mode', 'offers', { transferModes: ['franchise'] }, /transferModes must be one of: licensing, assignment/],
    ['an unknown sector', 'offers', { sector: 'energy' }, /sector must be one of: sustainable-development, health, digital/],
    ['a need with trl', 'needs', { trl: 5 }, /property trl should not exist/],
    ['an offer with minTrl', 'offers', { minTrl: 5 }, /property minTrl should not exist/],
    ['eleven keywords', 'offers', { keywords: Array.from({ length: 11 }, (_, i) => `k${i}`) }, /keywords must have at most 10/],
    ['a server-owned field', 'offers', { partyId: '00000000-0000-4000-8000-000000000000' }, /property partyId should not exist/],
    ['an unknown field code', 'offers', { fields: ['sd.no-such-field'] }, /unknown field codes: sd.no-such-field/],
    ['a title too long', 'offers', { title: 'x'.repeat(257) }, /title must be 1 to 256 characters/],
  ])('rejects %s with 400', async (_, kind, change, message) => {
    const member = await registerMember(stack.http);
    const base = kind === 'offers' ? chineseSolarOffer : thaiSolarNeed;
    const response = expectMatchesSpec(await request(stack.http).post(`/api/v1/${kind}`).set(bearer(member.token)).send({ ...base, ...change }));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });

  describe('search in any language', () => {
    let viewer: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const admin = await createAdmin(stack.http, stack.dataSource);
      const publish = async (token: string, body: Record<string, unknown>) => {
        const listing = await createListing(stack.http, token, 'offers', body);
        expectMatchesSpec(await request(stack.http).post(`/api/v1/admin/listings/${listing.id}/publish`).set(bearer(admin.token)).send({}).expect(200));
        return listing.id as string;
      };
      const cn = await registerMember(stack.http, { country: 'CN' });
      const th = await registerMember(stack.http, { country: 'TH' });
      const vn = await registerMember(stack.http, { country: 'VN' });
      ids.zh = await publish(cn.token, chineseSolarOffer);
      ids.th = await publish(th.token, { ...thaiSolarNeed, minTrl: undefined, requirements: undefined, trl: 7 });
      ids.vi = await publish(vn.token, vietnamesePaymentsOffer);
      viewer = (await registerMember(stack.http)).token;
    });

    it.each([
      ['a two-character Chinese word', '光伏', 'zh'],
      ['a Thai word', 'เซลล์แสงอาทิตย์', 'th'],
      ['a Vietnamese word with diacritics', 'thanh toán', 'vi'],
      ['a Vietnamese word typed without diacritics', 'thanh toan', 'vi'],
    ])('finds a listing by %s', async (_, q, language) => {
      const response = expectMatchesSpec(await request(stack.http).get(`/api/v1/offers?q=${encodeURIComponent(q)}`).set(bearer(viewer)).expect(200));
      const found = response.body.items.map((l: { id: string }) => l.id);
      expect(found).toContain(ids[language]);
      expect(found).toHaveLength(1);
    });
  });
});
