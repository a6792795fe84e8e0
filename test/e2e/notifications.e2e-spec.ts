import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { MatchAnnouncementsService } from '../../src/modules/matches/match-announcements.service';
import { ScoreListingService } from '../../src/modules/matching/score-listing.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { Notice } from '../../src/modules/notifications/notification-kinds';
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/modules/notifications/webhook-signature';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed } from '../factories/listings';
import { insertMatch } from '../factories/matches';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';
import { expectMatchesSpec } from '../helpers/openapi-validator';
import { WebhookDeliveryService } from '../../src/modules/notifications/webhook-delivery.service';
import { sealWebhookSecret, webhookSecretKey } from '../../src/modules/notifications/webhook-secret-box';

interface Received {
  headers: IncomingMessage['headers'];
  rawBody: string;
}

/** A real HTTP endpoint on 127.0.0.1 that answers with the statuses it is told, in order, then 200. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[]; answers: number[] }> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/techbridge`, received, answers };
}

describe('notifications: inbox, read marks, signed webhooks', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'a shared secret, 32 chars long!!';

  beforeAll(async () => {
    process.env.WEBHOOK_BACKOFF_MS = '50';
    process.env.WEBHOOK_ATTEMPTS = '3';
    process.env.NOTIFY_MIN_SCORE = '0.3';
    process.env.LISTING_REVIEW = 'off';
    // The receiver listens on 127.0.0.1, which production refuses (webhook-addresses.int-spec.ts).
    process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = 'true';
    stack = await startTestStack({ worker: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    delete process.env.WEBHOOK_BACKOFF_MS;
    delete process.env.WEBHOOK_ATTEMPTS;
    delete process.env.NOTIFY_MIN_SCORE;
    delete process.env.LISTING_REVIEW;
    delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
    await stack.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const notify = (notices: Notice[]) => stack.dataSource.transaction((manager) => stack.app.get(NotificationsService).notifyParties(manager, notices));
  const notice = (member: Member, title: string, extra: Partial<Notice> = {}): Notice => ({ partyId: member.partyId, kind: 'match-approved', title, data: { matchId: 'm-1' }, ...extra });
  /** A second member of the same party, through an invitation; returns its token. */
  const joinParty = async (member: Member): Promise<string> => {
    const invitation = expectMatchesSpec(await request(stack.http).post(`/api/v1/parties/${member.partyId}/invitations`).set(bearer(member.token)).send({ email: `c-${member.email}` }).expect(201));
    const joined = await request(stack.http)
      .post('/api/v1/auth/register')
      .send({ email: `c-${member.email}`, password: 'a long enough password', name: 'Colleague', invitationToken: invitation.body.token })
      .expect(201);
    return joined.body.accessToken;
  };
  const deliveries = (partyId: string) =>
    stack.dataSource.query('SELECT id, attempts, delivered_at, failed_at, last_status, last_error FROM webhook_deliveries WHERE party_id = $1 ORDER BY id', [partyId]);

  it('lists the party’s notices newest first, pages them, filters unread and marks one read', async () => {
    const member = await registerMember(stack.http);
    const colleague = await joinParty(member);
    // Newest first is by created_at (milliseconds): notices of one millisecond have no order between them.
    for (let i = 1; i <= 3; i++) {
      await notify([notice(member, `通知 ${i}`)]);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = expectMatchesSpec(await request(stack.http).get('/api/v1/notifications?limit=2').set(bearer(member.token)).expect(200));
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['通知 3', '通知 2']);
    expect(first.body.items[0]).toMatchObject({ kind: 'match-approved', data: { matchId: 'm-1' }, readAt: null });
    const second = expectMatchesSpec(await request(stack.http).get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`).set(bearer(member.token)).expect(200));
    expect(second.body).toMatchObject({ items: [{ title: '通知 1' }], nextCursor: null });

    const read = expectMatchesSpec(await request(stack.http).post(`/api/v1/notifications/${first.body.items[0].id}/read`).set(bearer(colleague)).expect(200));
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = expectMatchesSpec(await request(stack.http).post(`/api/v1/notifications/${first.body.items[0].id}/read`).set(bearer(member.token)).expect(200));
    expect(again.body.readAt).toBe(read.body.readAt);
    const unread = expectMatchesSpec(await request(stack.http).get('/api/v1/notifications?unread=true').set(bearer(member.token)).expect(200));
    expect(unread.body.items.map((n: { title: string }) => n.title)).toEqual(['通知 2', '通知 1']);
    const colleagueUnread = expectMatchesSpec(await request(stack.http).get('/api/v1/notifications?unread=true').set(bearer(colleague)).expect(200));
    expect(colleagueUnread.body.items).toHaveLength(2);
  });

  it('drops a second notice with the same dedupe key for the same party', async () => {
    const member = await registerMember(stack.http);
    await notify([notice(member, 'once', { dedupeKey: 'k-1' })]);
    await notify([notice(member, 'twice', { dedupeKey: 'k-1' }), notice(member, 'other key', { dedupeKey: 'k-2' })]);
    const inbox = expectMatchesSpec(await request(stack.http).get('/api/v1/notifications').set(bearer(member.token)).expect(200));
    expect(inbox.body.items.map((n: { title: string }) => n.title).sort()).toEqual(['once', 'other key']);
  });

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const member = await registerMember(stack.http);
    await expect(
      stack.dataSource.transaction(async (manager) => {
        await stack.app.get(NotificationsService).notifyParties(manager, [notice(member, 'never')]);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    const inbox = expectMatchesSpec(await request(stack.http).get('/api/v1/notifications').set(bearer(member.token)).expect(200));
    expect(inbox.body.items).toEqual([]);
  });

  it.each([
    ['a malformed id', 'post', '/api/v1/notifications/not-a-uuid/read', 400],
    ['an unknown notice', 'post', '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read', 404],
    ['a bad unread flag', 'get', '/api/v1/notifications?unread=maybe', 400],
    ['an unknown query field', 'get', '/api/v1/notifications?kind=x', 400],
  ])('answers %s: %s %s -> %i', async (_, method, path, status) => {
    const member = await registerMember(stack.http);
    const call = method === 'get' ? request(stack.http).get(path) : request(stack.http).post(path);
    await call.set(bearer(member.token)).expect(status);
  });

  describe('who may do what', () => {
    let owner: Member;
    let other: Member;
    let admin: { token: string };
    let noticeId: string;

    beforeAll(async () => {
      owner = await registerMember(stack.http);
      other = await registerMember(stack.http);
      admin = await createAdmin(stack.http, stack.dataSource);
      await notify([notice(owner, 'private')]);
      const [row] = await stack.dataSource.query('SELECT id FROM notifications WHERE party_id = $1', [owner.partyId]);
      noticeId = row.id;
      expectMatchesSpec(await request(stack.http).put(`/api/v1/parties/${owner.partyId}/webhook`).set(bearer(owner.token)).send({ url: receiver.url, secret }).expect(200));
    });

    const routes = () => ({
      list: { method: 'get', path: '/api/v1/notifications' },
      read: { method: 'post', path: `/api/v1/notifications/${noticeId}/read` },
      'get webhook': { method: 'get', path: `/api/v1/parties/${owner.partyId}/webhook` },
      'set webhook': { method: 'put', path: `/api/v1/parties/${owner.partyId}/webhook`, body: { url: receiver.url, secret } },
    });
    type RouteName = keyof ReturnType<typeof routes>;
    const who = { owner: () => owner.token, other: () => other.token, admin: () => admin.token, anonymous: () => null };

    it.each<[RouteName, keyof typeof who, number]>([
      ['list', 'owner', 200],
      ['list', 'other', 200],
      ['list', 'admin', 200],
      ['list', 'anonymous', 401],
      ['read', 'owner', 200],
      ['read', 'other', 404],
      ['read', 'admin', 404],
      ['read', 'anonymous', 401],
      ['get webhook', 'owner', 200],
      ['get webhook', 'other', 404],
      ['get webhook', 'admin', 200],
      ['get webhook', 'anonymous', 401],
      ['set webhook', 'owner', 200],
      ['set webhook', 'other', 404],
      ['set webhook', 'admin', 404],
      ['set webhook', 'anonymous', 401],
    ])('%s as %s: %i', async (route, caller, status) => {
      const { method, path, body } = routes()[route] as { method: 'get' | 'post' | 'put'; path: string; body?: object };
      const token = who[caller]();
      let call = request(stack.http)[method](path);
      if (token) call = call.set(bearer(token));
      const response = await call.send(body ?? {}).expect(status);
      if (route === 'list' && caller === 'other') expect(response.body.items).toEqual([]);
    });
  });

  it('POSTs every notice to the party’s webhook, signed over the raw body, and records the delivery', async () => {
    const member = await registerMember(stack.http);
    const set = expectMatchesSpec(await request(stack.http).put(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).send({ url: receiver.url }).expect(200));
    expect(set.body.secret).toEqual(expect.any(String));
    const shown = expectMatchesSpec(await request(stack.http).get(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).expect(200));
    expect(shown.body.secret).toBeUndefined();
    // Stored sealed: the database never holds the key that signs the party's notices.
    const [stored] = await stack.dataSource.query('SELECT secret FROM party_webhooks WHERE party_id = $1', [member.partyId]);
    expect(stored.secret).toMatch(/^v1\./);
    expect(stored.secret).not.toContain(set.body.secret);

    await notify([notice(member, 'Giới thiệu đã được duyệt: 光伏 ↔ เซลล์แสงอาทิตย์', { data: { matchId: 'abc' } })]);
    const hit = await eventually(async () => receiver.received.find((r) => r.rawBody.includes(member.partyId)), 15_000, 'a webhook request');
    const check = verifyWebhookSignature(set.body.secret, hit.headers[SIGNATURE_HEADER] as string, hit.rawBody, Math.floor(Date.now() / 1000));
    expect(check).toEqual({ valid: true });
    expect(verifyWebhookSignature('not the secret at all', hit.headers[SIGNATURE_HEADER] as string, hit.rawBody, Math.floor(Date.now() / 1000)).valid).toBe(false);
    const payload = JSON.parse(hit.rawBody);
    expect(payload).toMatchObject({ partyId: member.partyId, notification: { kind: 'match-approved', title: 'Giới thiệu đã được duyệt: 光伏 ↔ เซลล์แสงอาทิตย์', data: { matchId: 'abc' } } });
    expect(hit.headers[DELIVERY_HEADER]).toBe(payload.deliveryId);

    const rows = await eventually(async () => {
      const found = await deliveries(member.partyId);
      return found[0]?.delivered_at ? found : null;
    });
    expect(rows).toEqual([expect.objectContaining({ attempts: 1, last_status: 200, failed_at: null })]);
    const history = expectMatchesSpec(await request(stack.http).get(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).expect(200));
    expect(history.body.recentDeliveries[0]).toMatchObject({ attempts: 1, lastStatus: 200, deliveredAt: expect.any(String) });
  });

  it('seals a secret stored before sealing (the worker does at start), and keeps signing with it', async () => {
    const member = await registerMember(stack.http);
    const legacy = 'a-secret-stored-in-plain-text-before-2026-11';
    await stack.dataSource.query('INSERT INTO party_webhooks (party_id, url, secret) VALUES ($1, $2, $3)', [member.partyId, receiver.url, legacy]);
    expect(await stack.worker!.get(WebhookDeliveryService).sealLegacySecrets()).toBe(1);
    const [stored] = await stack.dataSource.query('SELECT secret FROM party_webhooks WHERE party_id = $1', [member.partyId]);
    expect(stored.secret).toMatch(/^v1\./);
    expect(stored.secret).not.toContain(legacy);

    await notify([notice(member, 'signed with the sealed legacy secret')]);
    const hit = await eventually(async () => receiver.received.find((r) => r.rawBody.includes('signed with the sealed legacy secret')), 15_000, 'a webhook request');
    expect(verifyWebhookSignature(legacy, hit.headers[SIGNATURE_HEADER] as string, hit.rawBody, Math.floor(Date.now() / 1000))).toEqual({ valid: true });
  });

  it('fails a delivery for good when its secret does not open (JWT_SECRET rotated), naming why', async () => {
    const member = await registerMember(stack.http);
    const sealedElsewhere = sealWebhookSecret(webhookSecretKey('another-deployment-jwt-secret-32-chars!!'), member.partyId, 'its-secret-somewhere-else');
    await stack.dataSource.query('INSERT INTO party_webhooks (party_id, url, secret) VALUES ($1, $2, $3)', [member.partyId, receiver.url, sealedElsewhere]);
    const before = receiver.received.length;
    await notify([notice(member, 'cannot be signed')]);
    const failed = await eventually(async () => {
      const [row] = await deliveries(member.partyId);
      return row?.failed_at ? row : null;
    });
    expect(failed).toMatchObject({ attempts: 1, delivered_at: null, last_error: expect.stringMatching(/webhook secret does not open/) });
    expect(receiver.received.length).toBe(before);
  });

  it('retries a 503 with backoff until the endpoint takes it, and gives up at once on a 400', async () => {
    const member = await registerMember(stack.http);
    expectMatchesSpec(await request(stack.http).put(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).send({ url: receiver.url, secret }).expect(200));
    receiver.answers.push(503, 503);
    await notify([notice(member, 'retried')]);
    const retried = await eventually(async () => {
      const [row] = await deliveries(member.partyId);
      return row?.delivered_at ? row : null;
    });
    expect(retried).toMatchObject({ attempts: 3, last_status: 200 });

    receiver.answers.push(400);
    await notify([notice(member, 'refused')]);
    const refused = await eventually(async () => {
      const rows = await deliveries(member.partyId);
      return rows[1]?.failed_at ? rows[1] : null;
    });
    expect(refused).toMatchObject({ attempts: 1, last_status: 400, delivered_at: null });
  });

  it('keeps notices for parties without a webhook out of the delivery outbox, and rejects a bad URL', async () => {
    const member = await registerMember(stack.http);
    await notify([notice(member, 'inbox only')]);
    expect(await deliveries(member.partyId)).toEqual([]);
    const bad = expectMatchesSpec(await request(stack.http).put(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).send({ url: 'ftp://example.org/x', secret: 'short' }).expect(400));
    expect(bad.body.message).toMatch(/url must be an http or https URL/);
    expect(bad.body.message).toMatch(/secret must be 16 to 200 characters long/);
    expectMatchesSpec(await request(stack.http).put(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).send({ url: receiver.url }).expect(200));
    expectMatchesSpec(await request(stack.http).delete(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).expect(204));
    expectMatchesSpec(await request(stack.http).delete(`/api/v1/parties/${member.partyId}/webhook`).set(bearer(member.token)).expect(404));
  });

  describe('new recommendations', () => {
    const inbox = async (member: Member) =>
      (await request(stack.http).get('/api/v1/notifications').set(bearer(member.token)).expect(200)).body.items.filter((n: { kind: string }) => n.kind === 'new-recommendation');

    it('tells both parties once when the matcher recommends a pair above NOTIFY_MIN_SCORE, not again on re-scoring', async () => {
      const chinese = await registerMember(stack.http, { country: 'CN' });
      const thai = await registerMember(stack.http, { country: 'TH' });
      const offer = await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
      const need = await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
      const [thaiNotice] = await eventually(async () => {
        const items = await inbox(thai);
        return items.length ? items : null;
      }, 45_000, 'a new-recommendation notice');
      const [match] = await stack.dataSource.query('SELECT id, score FROM matches WHERE offer_id = $1 AND need_id = $2', [offer.id, need.id]);
      expect(match.score).toBeGreaterThanOrEqual(0.3);
      expect(thaiNotice).toMatchObject({ title: expect.stringContaining(thaiSolarNeed.title), data: { matchId: match.id, listingId: need.id, offerId: offer.id, needId: need.id } });
      expect(await inbox(chinese)).toEqual([expect.objectContaining({ data: expect.objectContaining({ matchId: match.id, listingId: offer.id }) })]);

      await stack.worker!.get(ScoreListingService).score(need.id);
      await stack.worker!.get(ScoreListingService).score(offer.id);
      await stack.worker!.get(MatchAnnouncementsService).drain();
      expect(await inbox(thai)).toHaveLength(1);
      expect(await inbox(chinese)).toHaveLength(1);
    });

    it('waits until a match reaches the threshold, and never announces one the parties cannot see', async () => {
      const chinese = await registerMember(stack.http, { country: 'CN' });
      const thai = await registerMember(stack.http, { country: 'TH' });
      // Published listings made by SQL, so the matcher has no text to match them by and leaves them to this test.
      const listing = async (kind: string, member: Member) => {
        const [row] = await stack.dataSource.query(
          `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, taxonomy_version)
           VALUES ($1, $2, 'CN', 'china', 'published', $3, 'x', 'en', 'en', 'digital', 'test') RETURNING id`,
          [kind, member.partyId, `${kind} of ${member.partyId}`],
        );
        return { id: row.id as string, partyId: member.partyId };
      };
      const [offer, need, otherNeed] = [await listing('offer', chinese), await listing('need', thai), await listing('need', thai)];
      const low = await insertMatch(stack.dataSource, offer, need, { score: 0.1 });
      const rejected = await insertMatch(stack.dataSource, offer, otherNeed, { score: 0.9, status: 'rejected' });
      await stack.dataSource.query('UPDATE matches SET announced_at = NULL WHERE id = ANY($1::uuid[])', [[low.id, rejected.id]]);
      const announcements = stack.worker!.get(MatchAnnouncementsService);
      await announcements.drain();
      const announced = async (id: string) => (await stack.dataSource.query('SELECT announced_at FROM matches WHERE id = $1', [id]))[0].announced_at;
      expect(await announced(low.id)).toBeNull();
      expect(await announced(rejected.id)).not.toBeNull();
      expect(await inbox(thai)).toEqual([]);

      await stack.dataSource.query('UPDATE matches SET score = 0.5 WHERE id = $1', [low.id]);
      await eventually(async () => (await inbox(thai)).length === 1, 10_000, 'the notice of the re-scored match');
      expect(await inbox(chinese)).toEqual([expect.objectContaining({ data: expect.objectContaining({ matchId: low.id }) })]);
    });
  });
});
