import { once } from 'node:events';
import { AddressInfo, connect } from 'node:net';
import request from 'supertest';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing } from '../factories/listings';
import { createMatch } from '../factories/matches';
import { startTestStack, TestStack } from '../helpers/test-app';

type Http = TestStack['http'];

/** Sends raw bytes to the app's server and returns everything it answers: supertest cannot send a malformed request. */
async function rawExchange(server: Http, raw: string): Promise<string> {
  const listening = server.listening ? server : server.listen(0, '127.0.0.1');
  if (!server.listening) await once(listening, 'listening');
  const { port } = listening.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(raw);
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('utf8');
}
const api = (path: string) => `/api/v1${path}`;

/** OWASP API Top 10 items beside object-level authorization: mass assignment, resource limits, odd input. */
describe('API hardening', () => {
  let stack: TestStack;
  let http: Http;
  let member: Member;
  let admin: { token: string };

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    process.env.LOGIN_RATE_LIMIT = '5';
    process.env.BODY_LIMIT = '64kb';
    stack = await startTestStack();
    http = stack.http;
    member = await registerMember(http, { country: 'CN' });
    admin = await createAdmin(http, stack.dataSource);
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    process.env.LOGIN_RATE_LIMIT = '1000';
    delete process.env.BODY_LIMIT;
    await stack.close();
  });

  const post = (path: string, body: unknown, token = member.token) => request(http).post(api(path)).set(bearer(token)).send(body as object);
  const patch = (path: string, body: unknown, token = member.token) => request(http).patch(api(path)).set(bearer(token)).send(body as object);

  describe('mass assignment: server-owned fields in a body are 400, naming the field, and change nothing', () => {
    it.each([
      ['id', { id: '00000000-0000-4000-8000-000000000000' }],
      ['partyId', { partyId: '00000000-0000-4000-8000-000000000000' }],
      ['revision', { revision: 99 }],
      ['version', { version: 99 }],
      ['score', { score: 1 }],
      ['detectedLanguage', { detectedLanguage: 'en' }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ])('POST /offers with %s', async (field, extra) => {
      const response = await post('/offers', { ...chineseSolarOffer, ...extra }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(`property ${field} should not exist`) });
    });

    it('POST /offers with status published is 400 naming the allowed values', async () => {
      const response = await post('/offers', { ...chineseSolarOffer, status: 'published' }).expect(400);
      expect(response.body.message).toMatch(/status must be one of: draft, submitted/);
    });

    it('PATCH /offers/:id cannot set status, partyId or revision', async () => {
      const offer = await createListing(http, member.token, 'offers', chineseSolarOffer);
      const other = await registerMember(http, { country: 'TH' });
      for (const extra of [{ status: 'published' }, { partyId: other.partyId }, { revision: 42 }, { kind: 'need' }]) {
        await patch(`/offers/${offer.id}`, { title: 'changed', ...extra }).expect(400);
      }
      const after = await request(http).get(api(`/offers/${offer.id}`)).set(bearer(member.token)).expect(200);
      expect(after.body).toMatchObject({ title: offer.title, partyId: member.partyId, revision: offer.revision, kind: 'offer' });
    });

    it('register cannot make an admin, nor pick ids', async () => {
      const body = (extra: object, party: object = {}) => ({
        email: `mass-${Date.now()}-${Math.random()}@example.org`,
        password: 'correct horse battery',
        name: 'Mass',
        party: { name: `Mass ${Math.random()}`, country: 'TH', kind: 'enterprise', ...party },
        ...extra,
      });
      for (const [extra, party, field] of [
        [{ role: 'admin' }, {}, 'property role should not exist'],
        [{ id: '00000000-0000-4000-8000-000000000000' }, {}, 'property id should not exist'],
        [{ partyId: member.partyId }, {}, 'property partyId should not exist'],
        // class-validator's wording for a nested object.
        [{}, { id: member.partyId }, 'party.property id should not exist'],
        [{}, { version: 7 }, 'party.property version should not exist'],
      ] as const) {
        const response = await request(http).post(api('/auth/register')).send(body(extra, party)).expect(400);
        expect(response.body.message).toContain(field);
      }
    });

    it('PATCH /parties/:id cannot set version, region or id', async () => {
      for (const extra of [{ version: 9 }, { region: 'asean' }, { id: '00000000-0000-4000-8000-000000000000' }]) {
        await patch(`/parties/${member.partyId}`, { name: 'Renamed', ...extra }).expect(400);
      }
    });

    it('a member cannot set a match status or score through preference or feedback', async () => {
      const counterpart = await registerMember(http, { country: 'TH' });
      const match = await createMatch(http, stack.dataSource, member, counterpart);
      for (const extra of [{ status: 'approved' }, { score: 1 }, { version: 5 }]) {
        await post(`/matches/${match.id}/preference`, { preference: 'meet', ...extra }).expect(400);
        await post(`/matches/${match.id}/feedback`, { reason: 'other', ...extra }).expect(400);
      }
      const after = await request(http).get(api(`/admin/matches/${match.id}`)).set(bearer(admin.token)).expect(200);
      expect(after.body).toMatchObject({ status: 'proposed', version: 1, score: 0.6 });
    });
  });

  describe('server-side request forgery through webhooks', () => {
    it.each([
      ['http://127.0.0.1:6379/', '127.0.0.1 is not a public address'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address'],
      ['http://[::1]:5432/', '::1 is not a public address'],
      ['http://10.0.0.12:9000/hook', '10.0.0.12 is not a public address'],
      ['http://localhost:3000/api/v1/admin/rematch', 'localhost is not a public address'],
    ])('refuses a webhook at %s with 400, and stores nothing', async (url, reason) => {
      const response = await request(http).put(api(`/parties/${member.partyId}/webhook`)).set(bearer(member.token)).send({ url });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe(`url must point to a public address: ${reason}`);
      const [row] = await stack.dataSource.query('SELECT count(*)::int AS n FROM party_webhooks WHERE party_id = $1', [member.partyId]);
      expect(row.n).toBe(0);
    });
  });

  describe('resource limits', () => {
    it('answers a body over BODY_LIMIT with 413 in the error shape', async () => {
      const response = await post('/offers', { ...chineseSolarOffer, description: 'x'.repeat(70 * 1024) }).expect(413);
      expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
    });

    it('answers a URL over the header limit with 431 in the error shape, and a broken request line with 400', async () => {
      const response = await request(http).get(api(`/offers?q=${'a'.repeat(20 * 1024)}`)).set(bearer(member.token));
      expect(response.status).toBe(431);
      expect(response.body).toMatchObject({ statusCode: 431, error: 'Request Header Fields Too Large', message: expect.stringMatching(/exceed \d+ bytes/) });
      const broken = await rawExchange(http, 'GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
      expect(broken).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(JSON.parse(broken.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      await request(http).get('/health/live').expect(200);
    });

    it('answers JSON nested deeper than 32 levels with 400 naming where, not a 500 from a stack overflow', async () => {
      const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
      for (const depth of [40, 1_000, 20_000]) {
        for (const [body, where] of [
          [`{"title":${deep(depth)}}`, 'title'],
          [`{"extra":${deep(depth)}}`, 'extra'],
          [`{"keywords":${deep(depth)}}`, 'keywords'],
          [deep(depth), '[0]'],
        ]) {
          const response = await request(http).post(api('/offers')).set(bearer(member.token)).set('Content-Type', 'application/json').send(body);
          expect(response.status).toBe(400);
          expect(response.body.message.startsWith(where)).toBe(true);
          expect(response.body.message).toMatch(/ is nested too deeply \(at most 32 levels\)$/);
        }
      }
      const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const response = await request(http).post(api('/admin/sessions')).set(bearer(admin.token)).set('Content-Type', 'application/json').send(`{"breaks":${nestedObject(5_000)}}`);
      expect(response.status).toBe(400);
      await request(http).get('/health/live').expect(200);
    });

    it('caps the page size at 100 and names the limit', async () => {
      await request(http).get(api('/offers?limit=100')).set(bearer(member.token)).expect(200);
      for (const path of ['/offers', '/needs', '/recommendations', '/notifications', '/sessions']) {
        const response = await request(http).get(api(`${path}?limit=101`)).set(bearer(member.token)).expect(400);
        expect(response.body.message).toMatch(/limit must not be greater than 100/);
      }
      for (const path of ['/admin/matches', '/admin/listings', '/admin/audit']) {
        await request(http).get(api(`${path}?limit=1000000`)).set(bearer(admin.token)).expect(400);
      }
      await request(http).get(api('/offers?limit=-1')).set(bearer(member.token)).expect(400);
      await request(http).get(api('/offers?limit=abc')).set(bearer(member.token)).expect(400);
    });

    it('answers an integer beyond what PostgreSQL stores with 400, not 500', async () => {
      const counterpart = await registerMember(http, { country: 'TH' });
      const match = await createMatch(http, stack.dataSource, member, counterpart);
      // @IsInt accepts 1e308 (it is an integer to JavaScript); the int4 column does not, so the DTO bounds it.
      for (const version of [1e308, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
        const response = await post(`/admin/matches/${match.id}/approve`, { version }, admin.token).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'version must be at most 2147483647' });
      }
    });

    it('answers null in a field the OpenAPI document does not call nullable with 400 (it was a 500 for fields, sdgs, targetCountries)', async () => {
      for (const field of ['fields', 'sdgs', 'targetCountries', 'keywords', 'summary', 'trl', 'deadline']) {
        const response = await post('/offers', { ...chineseSolarOffer, [field]: null }).expect(400);
        expect(response.body.message).toBe(`${field} must not be null (leave it out instead)`);
      }
      const offer = await createListing(http, member.token, 'offers', chineseSolarOffer);
      await patch(`/offers/${offer.id}`, { title: null }).expect(400);
      const register = await request(http)
        .post(api('/auth/register'))
        .send({ email: `null-${Date.now()}@example.org`, password: 'correct horse battery', name: 'Null', party: { name: 'Null Co', country: 'TH', kind: 'enterprise', languages: null } })
        .expect(400);
      expect(register.body.message).toBe('party.languages must not be null (leave it out instead)');
    });

    it('keeps null where the contract allows it (maxMeetings: no limit)', async () => {
      const session = await post('/admin/sessions', { name: 'Null session', startsAt: '2031-09-20T09:00:00+08:00', endsAt: '2031-09-20T11:00:00+08:00', slotMinutes: 30, tables: 4 }, admin.token).expect(201);
      await request(http).put(api(`/sessions/${session.body.id}/availability`)).set(bearer(member.token)).send({ maxMeetings: null }).expect(200);
    });

    it('bounds the size of strings and arrays in a body', async () => {
      await post('/offers', { ...chineseSolarOffer, title: '光'.repeat(5_000) }).expect(400);
      await post('/offers', { ...chineseSolarOffer, keywords: Array.from({ length: 5_000 }, (_, i) => `k${i}`) }).expect(400);
    });

    it('rate-limits login per account with 429 and Retry-After', async () => {
      const target = await registerMember(http, { country: 'VN' });
      const statuses: number[] = [];
      let limited: request.Response | undefined;
      for (let i = 0; i < 8; i++) {
        const response = await request(http).post(api('/auth/login')).send({ email: target.email, password: 'wrong password' });
        statuses.push(response.status);
        if (response.status === 429) limited ??= response;
      }
      // The per-address limit (5 here) counts this file's earlier logins too, so the first 429 may come sooner.
      const firstLimited = statuses.indexOf(429);
      expect(firstLimited).toBeGreaterThan(0);
      expect(firstLimited).toBeLessThanOrEqual(5);
      expect(statuses.slice(0, firstLimited).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Even the right password waits: the limit is about guessing, not about failing.
      await request(http).post(api('/auth/login')).send({ email: target.email, password: target.password }).expect(429);
    });
  });

  describe('odd text: 400 with the field named, never a 500 from PostgreSQL', () => {
    const cases: [string, string][] = [
      ['a NUL character', 'Solar\u0000 micro-grid'],
      ['a lone high surrogate', 'Solar \uD83D micro-grid'],
      ['a lone low surrogate', 'Solar \uDE00 micro-grid'],
    ];

    it.each(cases)('POST /offers with %s in the title', async (_, text) => {
      const response = await post('/offers', { ...chineseSolarOffer, title: text }).expect(400);
      expect(response.body.message).toMatch(/title/);
    });

    it.each(cases)('%s in nested and list fields, query strings and other routes', async (_, text) => {
      await post('/offers', { ...chineseSolarOffer, keywords: ['光伏', text] }).expect(400);
      await post('/needs', { ...chineseSolarOffer, trl: undefined, description: text.repeat(10) }).expect(400);
      await patch(`/parties/${member.partyId}`, { name: text }).expect(400);
      const register = await request(http)
        .post(api('/auth/register'))
        .send({ email: 'odd@example.org', password: 'correct horse battery', name: 'Odd', party: { name: text, country: 'CN', kind: 'enterprise' } })
        .expect(400);
      expect(register.body.message).toMatch(/party\.name/);
      await post('/admin/sessions', { name: text, startsAt: '2031-09-20T09:00:00+08:00', endsAt: '2031-09-20T11:00:00+08:00', slotMinutes: 30, tables: 4 }, admin.token).expect(400);
    });

    it('a NUL or broken UTF-8 in a query string or path is 400, never 500', async () => {
      const nul = await request(http).get(api('/offers')).query({ q: 'solar\u0000' }).set(bearer(member.token)).expect(400);
      expect(nul.body.message).toBe('q must not contain NUL characters (\\u0000)');
      // Percent-encoded bytes that are no UTF-8 (a CESU-8 surrogate, a lone 0xFF, a cut escape): the
      // query parser reads them as U+FFFD (well-formed, so a search for it), a path id is not a UUID.
      for (const path of ['/offers?q=%ED%A0%BD', '/offers?q=%FF', '/offers?q=%']) {
        await request(http).get(api(path)).set(bearer(member.token)).expect(200);
      }
      for (const path of ['/offers/%00', '/offers/%ED%A0%BD', '/offers/%FF', '/matches/%E0%A4%A']) {
        const response = await request(http).get(api(path)).set(bearer(member.token));
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
      }
    });

    it('keeps well-formed text of every forum language, emoji included', async () => {
      const title = '光伏 เซลล์แสงอาทิตย์ Pin mặt trời Tenaga suria ☀️🔋';
      const created = await post('/offers', { ...chineseSolarOffer, title }).expect(201);
      expect(created.body.title).toBe(title);
    });

    it('a NUL in a raw JSON body (escaped or not) is 400', async () => {
      for (const raw of ['{"title":"a\\u0000b"}', '{"title":"a\\ud800b"}']) {
        const response = await request(http).post(api('/offers')).set(bearer(member.token)).set('Content-Type', 'application/json').send(raw);
        expect(response.status).toBe(400);
      }
    });
  });
});
