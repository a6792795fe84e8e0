import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import createClient, { Client, Middleware } from 'openapi-fetch';
import { NEED_EXAMPLES, OFFER_EXAMPLES } from '../../src/modules/listings/listing-examples';
import type { components, paths } from '../client/api-types';
import { createAdmin } from '../factories/accounts';
import { responseProblems } from '../helpers/openapi-validator';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';

type Schemas = components['schemas'];

/**
 * A front end's view of the API: the client generated from openapi/openapi.json, against the
 * app listening on a real port. A request or response the document gets wrong fails to compile
 * (npm run typecheck) or fails here, and every response is checked against the document.
 */
describe('typed client: the API as openapi/openapi.json describes it', () => {
  let stack: TestStack;
  let baseUrl: string;
  const problems: string[] = [];

  /** Every response of every client, checked against the document it was generated from. */
  const matchesSpec: Middleware = {
    async onResponse({ request, response }) {
      const text = await response.clone().text();
      const body = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      const path = new URL(request.url).pathname;
      problems.push(...responseProblems(request.method, path, response.status, response.headers.get('content-type') ?? undefined, body));
    },
  };

  const client = (token?: string): Client<paths> => {
    const api = createClient<paths>({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });
    api.use(matchesSpec);
    return api;
  };

  async function register(country: string, partyName: string, languages: Schemas['CreatePartyDto']['languages']) {
    const email = `typed-${randomUUID()}@example.org`;
    const { data, response } = await client().POST('/api/v1/auth/register', {
      body: { email, password: 'correct horse battery', name: 'Typed Client', party: { name: partyName, country, kind: 'enterprise', languages } },
    });
    expect(response.status).toBe(201);
    return { token: data!.accessToken, partyId: data!.party.id, email };
  }

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack({ worker: true });
    await stack.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });
  afterEach(() => {
    expect(problems).toEqual([]);
    problems.length = 0;
  });

  it('registers, logs in, publishes an offer and a need, lists them and reads explained recommendations', async () => {
    const chinese = await register('CN', `广西光伏科技 ${randomUUID().slice(0, 6)}`, ['zh', 'en']);
    const thai = await register('TH', `Krabi Island Energy ${randomUUID().slice(0, 6)}`, ['th', 'en']);

    const login = await client().POST('/api/v1/auth/login', { body: { email: chinese.email, password: 'correct horse battery' } });
    expect(login.response.status).toBe(200);
    const me = await client(login.data!.accessToken).GET('/api/v1/me');
    expect(me.data!.party?.id).toBe(chinese.partyId);

    const offerBody: Schemas['CreateOfferDto'] = {
      title: '海岛光伏微电网成套技术',
      description:
        '本技术为海岛和偏远村庄提供分布式光伏发电与储能一体化微电网解决方案，包括高效光伏组件、锂电池储能系统和能量管理系统，可替代柴油发电，降低用电成本。已在广西多个海岛示范运行三年。',
      keywords: ['光伏', '微电网', '储能'],
      trl: 8,
      transferModes: ['licensing', 'technical-services'],
    };
    const offer = await client(chinese.token).POST('/api/v1/offers', { body: offerBody });
    expect(offer.response.status).toBe(201);
    expect(offer.data).toMatchObject({ kind: 'offer', status: 'published', detectedLanguage: 'zh' });

    const needBody: Schemas['CreateNeedDto'] = {
      title: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ',
      description:
        'องค์กรของเราต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์และแบตเตอรี่กักเก็บพลังงาน สำหรับชุมชนบนเกาะในจังหวัดกระบี่ที่ยังใช้เครื่องปั่นไฟดีเซล ต้องการไมโครกริดที่ดูแลรักษาง่ายและทนต่อสภาพอากาศร้อนชื้น',
      requirements: 'กำลังผลิต 200 กิโลวัตต์ ทำงานได้โดยไม่ต้องเชื่อมต่อกับระบบสายส่ง',
      minTrl: 6,
      transferModes: ['licensing', 'joint-venture'],
    };
    const need = await client(thai.token).POST('/api/v1/needs', { body: needBody });
    expect(need.response.status).toBe(201);

    const mine = await client(chinese.token).GET('/api/v1/offers', { params: { query: { mine: true } } });
    expect(mine.data!.items.map((listing) => listing.id)).toContain(offer.data!.id);
    const one = await client(thai.token).GET('/api/v1/offers/{id}', { params: { path: { id: offer.data!.id } } });
    expect(one.data!.title).toBe(offerBody.title);

    const matches = await eventually(async () => {
      const { data } = await client(thai.token).GET('/api/v1/needs/{id}/matches', { params: { path: { id: need.data!.id } } });
      return data!.items.length ? data!.items : null;
    }, 20_000, 'a match for the Thai need');
    expect(matches[0].offer.id).toBe(offer.data!.id);
    expect(matches[0].explanation.sharedConcepts.length).toBeGreaterThan(0);

    const recommendations = await client(chinese.token).GET('/api/v1/recommendations', { params: { query: { limit: 10 } } });
    expect(recommendations.data!.items[0].counterpart?.id).toBe(need.data!.id);
    const preference = await client(chinese.token).POST('/api/v1/matches/{id}/preference', {
      params: { path: { id: matches[0].id } },
      body: { preference: 'must-meet' },
    });
    expect(preference.response.status).toBe(200);
    const notifications = await client(thai.token).GET('/api/v1/notifications');
    expect(notifications.response.status).toBe(200);
  });

  it('accepts every request example of the document (Chinese, Thai, Vietnamese, English)', async () => {
    const member = await register('VN', `Mekong Tech ${randomUUID().slice(0, 6)}`, ['vi', 'en']);
    for (const [language, example] of Object.entries(OFFER_EXAMPLES)) {
      const { response, error } = await client(member.token).POST('/api/v1/offers', { body: example.value as Schemas['CreateOfferDto'] });
      expect({ language, status: response.status, error }).toEqual({ language, status: 201, error: undefined });
    }
    for (const [language, example] of Object.entries(NEED_EXAMPLES)) {
      const { response, error } = await client(member.token).POST('/api/v1/needs', { body: example.value as Schemas['CreateNeedDto'] });
      expect({ language, status: response.status, error }).toEqual({ language, status: 201, error: undefined });
    }
  });

  it('gives an admin the review queue, the audit trail and the forum statistics, nested counts included', async () => {
    const admin = await createAdmin(stack.http, stack.dataSource);
    const queue = await client(admin.token).GET('/api/v1/admin/matches', { params: { query: { limit: 5 } } });
    expect(queue.response.status).toBe(200);
    const audit = await client(admin.token).GET('/api/v1/admin/audit', { params: { query: { objectType: 'listing' } } });
    expect(audit.response.status).toBe(200);
    const stats = await client(admin.token).GET('/api/v1/admin/stats');
    expect(stats.data!.listings.total).toBeGreaterThan(0);
    expect(stats.data!.funnel.bySector.every((row) => typeof row.sector === 'string' && row.proposed >= row.approved)).toBe(true);
    const member = await register('PH', `Manila Ports ${randomUUID().slice(0, 6)}`, ['en']);
    const forbidden = await client(member.token).GET('/api/v1/admin/stats');
    expect(forbidden.response.status).toBe(403);
  });

  it('answers bad input, a missing token and another party’s draft with the documented error body', async () => {
    const member = await register('ID', `Jakarta Health ${randomUUID().slice(0, 6)}`, ['id', 'en']);
    const other = await register('MY', `Penang Digital ${randomUUID().slice(0, 6)}`, ['ms', 'en']);

    const badSector = await client(member.token).POST('/api/v1/needs', {
      // A value the type forbids, as a hand-written client could send it.
      body: { title: 'Rapid tests', description: 'Dengue rapid tests', transferModes: ['licensing'], sector: 'mining' as Schemas['CreateNeedDto']['sector'] },
    });
    expect(badSector.response.status).toBe(400);
    expect(badSector.error).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(badSector.error!.message).toMatch(/sector/);

    const anonymous = await client().GET('/api/v1/recommendations');
    expect(anonymous.response.status).toBe(401);

    const draft = await client(other.token).POST('/api/v1/offers', {
      body: { title: 'Hệ thống quản lý kho lạnh', description: 'Bản nháp: phần mềm giám sát nhiệt độ kho lạnh qua cảm biến IoT.', transferModes: ['licensing'], status: 'draft' },
    });
    expect(draft.error).toBeUndefined();
    const hidden = await client(member.token).GET('/api/v1/offers/{id}', { params: { path: { id: draft.data!.id } } });
    expect(hidden.response.status).toBe(404);
    expect(hidden.error).toMatchObject({ statusCode: 404, details: [] });
  });
});
