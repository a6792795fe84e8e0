import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { ListingExpiryService } from '../../src/modules/listings/listing-expiry.service';
import { EXPIRE_LISTINGS_SCHEDULER } from '../../src/modules/listings/listing-expiry.processor';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { bearer, Member, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed } from '../factories/listings';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';

const DAY = 24 * 3600 * 1000;

/** Issue #4's expiry: 365 days after publication unless renewed, the owner warned two weeks before. */
describe('listing expiry and the two-week notice', () => {
  let stack: TestStack;
  let expiry: ListingExpiryService;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack({ worker: true });
    expiry = stack.worker!.get(ListingExpiryService);
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  /**
   * Publication moved back in time with SQL, as if `daysAgo` days had passed since; first the
   * worker finishes scoring the listing. Its write holds the listing's row for a moment, and a run
   * claims rows with SKIP LOCKED: a run meeting that write would pass over the listing.
   */
  const publishedDaysAgo = async (id: string, daysAgo: number) => {
    await scored(id);
    await stack.dataSource.query(`UPDATE listings SET published_at = now() - make_interval(days => $2), expires_at = now() - make_interval(days => $2) + interval '365 days' WHERE id = $1`, [id, daysAgo]);
  };
  const scored = (id: string) =>
    eventually(async () => {
      const [row] = await stack.dataSource.query('SELECT revision, scored_revision FROM listings WHERE id = $1', [id]);
      return row.scored_revision === row.revision;
    }, 15_000, `listing ${id} scored`);
  const listing = async (id: string) => (await stack.dataSource.query('SELECT status, revision, expiry_notice_sent_at, expires_at FROM listings WHERE id = $1', [id]))[0];
  const expiringNotices = async (member: Member) =>
    (await request(stack.http).get('/api/v1/notifications').set(bearer(member.token)).expect(200)).body.items.filter((n: { kind: string }) => n.kind === 'listing-expiring');

  it('expires a listing a year after publication: revision, outbox, audit, and its matches leave every list', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN' });
    const thai = await registerMember(stack.http, { country: 'TH' });
    const offer = await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    const need = await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
    await eventually(async () => {
      const response = await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(thai.token)).expect(200);
      return response.body.items.some((m: { offer: { id: string } }) => m.offer.id === offer.id);
    }, 45_000, 'the match');

    await publishedDaysAgo(offer.id, 366);
    const result = await expiry.run();
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await listing(offer.id)).toMatchObject({ status: 'expired', revision: 2 });
    const outbox = await stack.dataSource.query('SELECT topic, revision FROM outbox_events WHERE listing_id = $1 ORDER BY id', [offer.id]);
    expect(outbox.map((row: { topic: string }) => row.topic)).toEqual(['listing.created', 'listing.expired']);
    const [audit] = await stack.dataSource.query(`SELECT actor_id, actor_role FROM audit_entries WHERE object_id = $1 AND action = 'listing.expired'`, [offer.id]);
    expect(audit).toEqual({ actor_id: null, actor_role: 'system' });

    const matches = await request(stack.http).get(`/api/v1/needs/${need.id}/matches`).set(bearer(thai.token)).expect(200);
    expect(matches.body.items.some((m: { offer: { id: string } }) => m.offer.id === offer.id)).toBe(false);
    await request(stack.http).get(`/api/v1/offers/${offer.id}`).set(bearer(thai.token)).expect(404);

    // Renewal brings it back for another year, as a new revision.
    const renewed = await request(stack.http).post(`/api/v1/offers/${offer.id}/renew`).set(bearer(chinese.token)).expect(200);
    expect(renewed.body).toMatchObject({ status: 'published', revision: 3 });
  });

  it('expires each due listing once, however often and however concurrently it runs', async () => {
    const member = await registerMember(stack.http, { country: 'VN' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createListing(stack.http, member.token, 'offers', chineseSolarOffer)).id);
    const notDue = (await createListing(stack.http, member.token, 'offers', chineseSolarOffer)).id;
    for (const id of ids) await publishedDaysAgo(id, 400);
    await publishedDaysAgo(notDue, 300);

    const runs = await Promise.all([expiry.run(), expiry.run(), expiry.run()]);
    expect(runs.reduce((sum, run) => sum + run.expired, 0)).toBe(3);
    expect((await expiry.run()).expired).toBe(0);
    for (const id of ids) expect(await listing(id)).toMatchObject({ status: 'expired', revision: 2 });
    expect(await listing(notDue)).toMatchObject({ status: 'published', revision: 1 });
    const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'listing.expired' AND listing_id = ANY($1::uuid[])`, [ids]);
    expect(n).toBe(3);
  });

  it('warns the owner once two weeks before, and again after a renewal brings a new date', async () => {
    const owner = await registerMember(stack.http, { country: 'ID' });
    const need = await createListing(stack.http, owner.token, 'needs', thaiSolarNeed);
    const later = await createListing(stack.http, owner.token, 'needs', thaiSolarNeed);
    await publishedDaysAgo(need.id, 355);
    await publishedDaysAgo(later.id, 340);

    await Promise.all([expiry.run(), expiry.run()]);
    await expiry.run();
    const notices = await expiringNotices(owner);
    expect(notices).toEqual([expect.objectContaining({ data: expect.objectContaining({ listingId: need.id, listingKind: 'need' }) })]);
    expect(notices[0].title).toMatch(/expires on \d{4}-\d{2}-\d{2}; renew it/);
    expect((await listing(need.id)).expiry_notice_sent_at).not.toBeNull();
    expect((await listing(later.id)).expiry_notice_sent_at).toBeNull();

    await request(stack.http).post(`/api/v1/needs/${need.id}/renew`).set(bearer(owner.token)).expect(200);
    expect((await listing(need.id)).expiry_notice_sent_at).toBeNull();
    await scored(need.id);
    await expiry.run();
    expect(await expiringNotices(owner)).toHaveLength(1);

    // A year on, the renewed listing nears its new date: a second warning, for the new date.
    await stack.dataSource.query(`UPDATE listings SET expires_at = now() + interval '3 days' WHERE id = $1`, [need.id]);
    await expiry.run();
    const again = await expiringNotices(owner);
    expect(again).toHaveLength(2);
    expect(new Date(again[0].data.expiresAt).getTime()).toBeLessThan(Date.now() + 4 * DAY);
  });

  it('runs daily from a job scheduler, and the job does the same work', async () => {
    const queue = stack.app.get<Queue>(getQueueToken(QueueName.ListingLifecycle));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: EXPIRE_LISTINGS_SCHEDULER, pattern: '15 2 * * *' })]);

    const member = await registerMember(stack.http, { country: 'MY' });
    const offer = await createListing(stack.http, member.token, 'offers', chineseSolarOffer);
    await publishedDaysAgo(offer.id, 370);
    const job = await queue.add(JobName.ExpireListings, {});
    const result = await eventually(async () => (await queue.getJobState(job.id!)) === 'completed' && (await queue.getJob(job.id!))?.returnvalue, 15_000, 'the expiry job');
    expect(result).toEqual({ expired: 1, noticed: 0 });
    expect((await listing(offer.id)).status).toBe('expired');
  });
});
