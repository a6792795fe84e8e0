import request from 'supertest';
import { ApiMetricsService } from '../../src/modules/metrics/api-metrics.service';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { createMatch, insertMatch, MatchFixture } from '../factories/matches';
import { chineseSolarOffer, createListing } from '../factories/listings';
import { startTestStack, TestStack } from '../helpers/test-app';

type Http = TestStack['http'];
const api = (path: string) => `/api/v1${path}`;

interface ListedMatch {
  id: string;
  score: number;
  status: string;
  offerPreference: string | null;
  counterpart: { partyName: string; title: string };
}

/**
 * The API keeps recommendation pages it built and checks the change log on every read. Changes are
 * made here with SQL, as the worker or another API process makes them, so the only way a reader
 * can learn of them is the log the triggers write.
 */
describe('recommendation page cache', () => {
  let stack: TestStack;
  let http: Http;
  let admin: { token: string };
  let pageReads: (result: 'hit' | 'miss' | 'stale') => Promise<number>;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack();
    http = stack.http;
    admin = await createAdmin(http, stack.dataSource);
    const metrics = stack.app.get(ApiMetricsService);
    pageReads = async (result) => (await metrics.recommendationPages.get()).values.find((value) => value.labels.result === result)?.value ?? 0;
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  const list = async (member: Member, path = '/recommendations'): Promise<ListedMatch[]> =>
    (await request(http).get(api(path)).set(bearer(member.token)).expect(200).expect('Content-Type', /application\/json/)).body.items;
  const pair = async () => {
    const offerSide = await registerMember(http, { country: 'CN' });
    const needSide = await registerMember(http, { country: 'TH' });
    const match = await createMatch(http, stack.dataSource, offerSide, needSide);
    return { offerSide, needSide, match };
  };
  /** Reads the list twice, asserting that the second read was served from the cache. */
  const listCached = async (member: Member, path?: string) => {
    const first = await list(member, path);
    const hits = await pageReads('hit');
    expect(await list(member, path)).toEqual(first);
    expect(await pageReads('hit')).toBe(hits + 1);
    return first;
  };

  it('serves an unchanged page from the cache, and the same page as a fresh read', async () => {
    const { offerSide, match } = await pair();
    const misses = await pageReads('miss');
    const listed = await listCached(offerSide);
    expect(await pageReads('miss')).toBe(misses + 1);
    expect(listed).toEqual([expect.objectContaining({ id: match.id, score: 0.6, status: 'proposed' })]);
  });

  it.each<[string, (m: MatchFixture, sides: { offerSide: Member; needSide: Member }) => Promise<unknown>, (listed: ListedMatch[], m: MatchFixture) => void]>([
    ['a re-score by the worker', (m) => stack.dataSource.query('UPDATE matches SET score = 0.91 WHERE id = $1', [m.id]), (listed) => expect(listed[0].score).toBeCloseTo(0.91, 5)],
    ['a rejection by an admin', (m) => stack.dataSource.query(`UPDATE matches SET status = 'rejected', version = version + 1 WHERE id = $1`, [m.id]), (listed) => expect(listed).toEqual([])],
    ['the counterpart withdrawing its need', (m) => stack.dataSource.query(`UPDATE listings SET status = 'withdrawn' WHERE id = $1`, [m.needId]), (listed) => expect(listed).toEqual([])],
    [
      'the counterpart retitling its need',
      (m) => stack.dataSource.query(`UPDATE listings SET title = 'ระบบโซลาร์เซลล์สำหรับโรงงาน' WHERE id = $1`, [m.needId]),
      (listed) => expect(listed[0].counterpart.title).toBe('ระบบโซลาร์เซลล์สำหรับโรงงาน'),
    ],
    [
      'the counterpart party renaming itself',
      (_m, { needSide }) => stack.dataSource.query(`UPDATE parties SET name = 'Chiang Mai Solar Cooperative' WHERE id = $1`, [needSide.partyId]),
      (listed) => expect(listed[0].counterpart.partyName).toBe('Chiang Mai Solar Cooperative'),
    ],
    ['the match leaving the table', (m) => stack.dataSource.query('DELETE FROM matches WHERE id = $1', [m.id]), (listed) => expect(listed).toEqual([])],
  ])('shows %s on the next read', async (_what, change, expectation) => {
    const { offerSide, needSide, match } = await pair();
    await listCached(offerSide);
    await change(match, { offerSide, needSide });
    const stale = await pageReads('stale');
    expectation(await list(offerSide), match);
    expect(await pageReads('stale')).toBe(stale + 1);
  });

  it('shows a new match of the party and the other side preference set through the API', async () => {
    const { offerSide, needSide, match } = await pair();
    await listCached(needSide);
    const secondOffer = await createListing(http, offerSide.token, 'offers', { ...chineseSolarOffer, title: 'Perovskite tandem cells' });
    const second = await insertMatch(stack.dataSource, { id: secondOffer.id, partyId: offerSide.partyId }, { id: match.needId, partyId: needSide.partyId }, { score: 0.8 });
    expect((await list(needSide)).map((listed) => listed.id)).toEqual([second.id, match.id]);

    await listCached(needSide);
    await request(http).post(api(`/matches/${match.id}/preference`)).set(bearer(offerSide.token)).send({ preference: 'must-meet' }).expect(200);
    expect((await list(needSide)).find((listed) => listed.id === match.id)?.offerPreference).toBe('must-meet');
  });

  it('keeps the page through writes no list shows (announcements, scored revisions)', async () => {
    const { offerSide, match } = await pair();
    await listCached(offerSide);
    await stack.dataSource.query('UPDATE matches SET announced_at = now() WHERE id = $1', [match.id]);
    await stack.dataSource.query('UPDATE listings SET scored_revision = revision WHERE id = $1', [match.needId]);
    const hits = await pageReads('hit');
    await list(offerSide);
    expect(await pageReads('hit')).toBe(hits + 1);
  });

  it('sees a change whose transaction was still open when the page was read, once it commits', async () => {
    const { offerSide, match } = await pair();
    const writer = stack.dataSource.createQueryRunner();
    try {
      await writer.startTransaction();
      await writer.query('UPDATE matches SET score = 0.97 WHERE id = $1', [match.id]);
      // Read (and cached) while the writer's transaction is in flight: its snapshot does not see the change.
      expect((await listCached(offerSide))[0].score).toBeCloseTo(0.6, 5);
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    expect((await list(offerSide))[0].score).toBeCloseTo(0.97, 5);
  });

  it('answers a conditional GET with 304 while the page is current, and with the new page once it changed', async () => {
    const { offerSide, match } = await pair();
    const first = await request(http).get(api('/recommendations')).set(bearer(offerSide.token)).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    await request(http).get(api('/recommendations')).set(bearer(offerSide.token)).set('If-None-Match', etag).expect(304);
    await stack.dataSource.query('UPDATE matches SET score = 0.75 WHERE id = $1', [match.id]);
    const changed = await request(http).get(api('/recommendations')).set(bearer(offerSide.token)).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.items[0].score).toBeCloseTo(0.75, 5);
  });

  it('caches a listing page for its owner only: another party still gets 404, an admin a fresh read', async () => {
    const { offerSide, needSide, match } = await pair();
    const path = `/offers/${match.offerId}/matches`;
    expect((await listCached(offerSide, path)).map((listed) => listed.id)).toEqual([match.id]);
    await request(http).get(api(path)).set(bearer(needSide.token)).expect(404);
    const reads = (await pageReads('hit')) + (await pageReads('miss')) + (await pageReads('stale'));
    await stack.dataSource.query(`UPDATE matches SET status = 'rejected' WHERE id = $1`, [match.id]);
    const forAdmin = await request(http).get(api(path)).set(bearer(admin.token)).expect(200);
    expect(forAdmin.body.items).toEqual([expect.objectContaining({ id: match.id, status: 'rejected' })]);
    expect((await pageReads('hit')) + (await pageReads('miss')) + (await pageReads('stale'))).toBe(reads);
    expect(await list(offerSide, path)).toEqual([]);
  });
});
