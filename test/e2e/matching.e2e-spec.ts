import request from 'supertest';
import { bearer, createAdmin, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed, vietnamesePaymentsOffer } from '../factories/listings';
import { eventually, startTestStack, TestStack, waitForQueuesIdle } from '../helpers/test-app';
import { expectMatchesSpec } from '../helpers/openapi-validator';

/**
 * The golden flow through real PostgreSQL and Redis: listings are written with their outbox rows,
 * the worker's relay puts scoring jobs on BullMQ, the processor writes matches, the API shows them.
 */
describe('matching: from published listings to explained recommendations', () => {
  let stack: TestStack;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack({ worker: true });
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  it('matches a Chinese photovoltaic offer with a Thai solar-cell need, explained, within seconds', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN', name: '广西光伏科技' });
    const thai = await registerMember(stack.http, { country: 'TH', name: 'Krabi Island Energy Cooperative' });
    const offer = await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    const need = await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
    expect(offer.status).toBe('published');

    const matches = await eventually(async () => {
      const response = expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(thai.token)).expect(200));
      return response.body.items.length ? response.body.items : null;
    }, 20_000, 'a match for the Thai need');

    const match = matches[0];
    expect(match.offer.id).toBe(offer.id);
    expect(match.counterpart).toMatchObject({ id: offer.id, partyName: '广西光伏科技', country: 'CN' });
    expect(match.score).toBeGreaterThan(0.3);
    const sum = match.explanation.factors.reduce((total: number, factor: { contribution: number }) => total + factor.contribution, 0);
    expect(sum).toBeCloseTo(match.score, 4);
    expect(match.explanation.sharedConcepts.length).toBeGreaterThan(0);
    expect(match.explanation.sharedConcepts[0].labels).toEqual(expect.objectContaining({ zh: expect.any(String), th: expect.any(String), en: expect.any(String) }));

    const fromOffer = expectMatchesSpec(await request(stack.http).get(`/api/v1/offers/${offer.id}/matches`).set(bearer(chinese.token)).expect(200));
    expect(fromOffer.body.items.map((m: { id: string }) => m.id)).toContain(match.id);
    const recommendations = expectMatchesSpec(await request(stack.http).get('/api/v1/recommendations').set(bearer(chinese.token)).expect(200));
    expect(recommendations.body.items[0].counterpart.id).toBe(need.id);

    // The match may come from the offer's job first; the need's own job marks its revision scored.
    const scored = await eventually(async () => {
      const [row] = await stack.dataSource.query('SELECT scored_revision FROM listings WHERE id = $1', [need.id]);
      return row.scored_revision;
    }, 20_000, 'the need scored');
    expect(scored).toBe(1);
  });

  it('does not match a digital offer with a health need that share nothing', async () => {
    const vn = await registerMember(stack.http, { country: 'VN' });
    const id = await registerMember(stack.http, { country: 'ID' });
    await createListing(stack.http, vn.token, 'offers', vietnamesePaymentsOffer);
    const need = await createListing(stack.http, id.token, 'needs', {
      title: 'Alat tes cepat demam berdarah untuk puskesmas',
      description: 'Kami membutuhkan alat tes cepat (rapid test) untuk mendeteksi demam berdarah dengue di puskesmas daerah terpencil, dengan hasil dalam 15 menit.',
      transferModes: ['licensing'],
    });
    await waitForQueuesIdle(stack.queues);
    await eventually(async () => {
      const [row] = await stack.dataSource.query('SELECT scored_revision FROM listings WHERE id = $1', [need.id]);
      return row.scored_revision === 1;
    });
    const response = expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(id.token)).expect(200));
    expect(response.body.items.filter((m: { offer: { title: string } }) => m.offer.title === vietnamesePaymentsOffer.title)).toEqual([]);
  });

  it('hides matches from parties, and only from them, once a listing is withdrawn; 404 for outsiders', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN' });
    const thai = await registerMember(stack.http, { country: 'TH' });
    const outsider = await registerMember(stack.http, { country: 'MY' });
    const offer = await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    const need = await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
    await eventually(async () => {
      const response = expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(thai.token)));
      return response.body.items.some((m: { offer: { id: string } }) => m.offer.id === offer.id);
    });
    expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(outsider.token)).expect(404));

    expectMatchesSpec(await request(stack.http).delete(`/api/v1/offers/${offer.id}`).set(bearer(chinese.token)).expect(200));
    const after = expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(thai.token)).expect(200));
    expect(after.body.items.some((m: { offer: { id: string } }) => m.offer.id === offer.id)).toBe(false);
    const admin = await createAdmin(stack.http, stack.dataSource);
    const asAdmin = expectMatchesSpec(await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(admin.token)).expect(200));
    expect(asAdmin.body.items.some((m: { offer: { id: string } }) => m.offer.id === offer.id)).toBe(true);
  });

  it('scores the same revision twice with the same result and one row per pair', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN' });
    const thai = await registerMember(stack.http, { country: 'TH' });
    const offer = await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    const need = await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
    await waitForQueuesIdle(stack.queues);
    const pair = () => stack.dataSource.query('SELECT id, score, explanation FROM matches WHERE offer_id = $1 AND need_id = $2', [offer.id, need.id]);
    const before = await eventually(async () => ((await pair()).length ? pair() : null));
    const { ScoreListingService } = await import('../../src/modules/matching/score-listing.service');
    const scoring = stack.worker!.get(ScoreListingService);
    await scoring.score(need.id);
    await scoring.score(offer.id);
    expect(await pair()).toEqual(before);
  });

  it('lets an admin start a full re-match and follow its progress', async () => {
    const admin = await createAdmin(stack.http, stack.dataSource);
    const member = await registerMember(stack.http);
    expectMatchesSpec(await request(stack.http).post('/api/v1/admin/rematch').set(bearer(member.token)).expect(403));
    const started = expectMatchesSpec(await request(stack.http).post('/api/v1/admin/rematch').set(bearer(admin.token)).expect(202));
    const state = await eventually(async () => {
      const job = expectMatchesSpec(await request(stack.http).get(`/api/v1/admin/jobs/${started.body.jobId}`).set(bearer(admin.token)).expect(200));
      return job.body.state === 'completed' ? job.body : null;
    });
    const [{ published }] = await stack.dataSource.query(`SELECT count(*)::int AS published FROM listings WHERE status = 'published'`);
    expect(state.result.queued).toBe(published);
    expect(state.progress).toMatchObject({ queued: published, total: published, percent: 100 });
    expectMatchesSpec(await request(stack.http).get('/api/v1/admin/jobs/no-such-job').set(bearer(admin.token)).expect(404));
  });
});
