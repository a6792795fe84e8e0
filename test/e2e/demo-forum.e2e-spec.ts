import { AddressInfo } from 'node:net';
import { DEMO_FORUM, DemoForum } from '../../src/cli/demo-data';
import { DemoApiClient, DemoForumLoader } from '../../src/cli/demo-forum.loader';
import { bestMatches, formatReport } from '../../src/cli/demo-report';
import { createAdmin } from '../factories/accounts';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';

/** Island power and dengue tests: the forum's two clearest cross-language stories, small enough for a test. */
const PARTY_KEYS = ['cn-bbw-solar', 'th-lanta-energy', 'ph-palawan-coop', 'id-pulau-energi', 'cn-ruikang-dx', 'id-ntt-health', 'vn-southern-health', 'sg-lioncity-dx'];
const subset: DemoForum = {
  parties: DEMO_FORUM.parties.filter((party) => PARTY_KEYS.includes(party.key)),
  listings: DEMO_FORUM.listings.filter((listing) => PARTY_KEYS.includes(listing.party)),
};
const CHINESE_SOLAR_OFFER = '海岛光伏微电网成套技术';
const THAI_SOLAR_NEED = 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์พร้อมแบตเตอรี่สำหรับเกาะ';
const CHINESE_DENGUE_OFFER = '登革热NS1抗原与IgM/IgG抗体联合快速检测试剂';
const INDONESIAN_DENGUE_NEED = 'Alat tes cepat demam berdarah dengue untuk puskesmas terpencil';

describe('demo forum: loaded through the API, twice, and matched across languages', () => {
  let stack: TestStack;
  let client: DemoApiClient;
  let adminToken: string;

  beforeAll(async () => {
    stack = await startTestStack({ worker: true });
    await stack.app.listen(0, '127.0.0.1');
    client = new DemoApiClient(`http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`);
    adminToken = (await createAdmin(stack.http, stack.dataSource)).token;
  });
  afterAll(async () => {
    await stack.close();
  });

  const matchBetween = async (offerTitle: string, needTitle: string) => {
    const [row] = await stack.dataSource.query(
      `SELECT m.id, m.score FROM matches m JOIN listings o ON o.id = m.offer_id JOIN listings n ON n.id = m.need_id WHERE o.title = $1 AND n.title = $2`,
      [offerTitle, needTitle],
    );
    return row ?? null;
  };

  it('registers the parties and publishes their listings, reporting progress', async () => {
    const steps = new Set<string>();
    const summary = await new DemoForumLoader(client, (progress) => steps.add(progress.step)).load(subset, adminToken, 'demo member 2026');
    expect(summary).toEqual({
      partiesCreated: subset.parties.length,
      partiesFound: 0,
      listingsImported: subset.listings.length,
      listingsFound: 0,
      listingsPublished: subset.listings.length,
    });
    expect([...steps]).toEqual(['parties', 'import', 'publish']);
    const [{ published }] = await stack.dataSource.query(`SELECT count(*)::int AS published FROM listings WHERE status = 'published'`);
    expect(published).toBe(subset.listings.length);
  });

  it('changes nothing when run again: no second party, user or listing', async () => {
    const summary = await new DemoForumLoader(client).load(subset, adminToken, 'demo member 2026');
    expect(summary).toEqual({ partiesCreated: 0, partiesFound: subset.parties.length, listingsImported: 0, listingsFound: subset.listings.length, listingsPublished: 0 });
    const [counts] = await stack.dataSource.query(
      `SELECT (SELECT count(*)::int FROM parties) AS parties,
              (SELECT count(*)::int FROM users WHERE email LIKE '%@demo.techbridge.example') AS members,
              (SELECT count(*)::int FROM listings) AS listings,
              (SELECT count(*)::int FROM (SELECT 1 FROM listings GROUP BY party_id, title HAVING count(*) > 1) d) AS duplicated`,
    );
    expect(counts).toEqual({ parties: subset.parties.length, members: subset.parties.length, listings: subset.listings.length, duplicated: 0 });
  });

  it('lets members sign in with the demo credentials', async () => {
    const token = await client.login('th-lanta-energy@demo.techbridge.example', 'demo member 2026');
    const me = await client.expect(200, 'GET', '/me', { token });
    expect(me.party.name).toBe('สหกรณ์พลังงานชุมชนเกาะลันตา');
  });

  it('matches a Chinese offer with a Thai need and a Chinese offer with an Indonesian need', async () => {
    const solar = await eventually(() => matchBetween(CHINESE_SOLAR_OFFER, THAI_SOLAR_NEED), 60_000, 'the zh–th solar match');
    const dengue = await eventually(() => matchBetween(CHINESE_DENGUE_OFFER, INDONESIAN_DENGUE_NEED), 60_000, 'the zh–id dengue match');
    expect(solar.score).toBeGreaterThan(0.5);
    expect(dengue.score).toBeGreaterThan(0.5);
  });

  it('reports the best matches per sector, cross-language first, explained with labels in both languages', async () => {
    const report = await bestMatches(stack.dataSource, client, adminToken);
    expect(report.length).toBeGreaterThan(0);
    for (const sector of new Set(report.map((m) => m.sector))) {
      const flags = report.filter((m) => m.sector === sector).map((m) => m.crossLanguage);
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    }
    const crossLanguage = report.find((m) => m.crossLanguage && m.offer.language === 'zh')!;
    expect(crossLanguage.sharedConcepts.length).toBeGreaterThan(0);
    expect(crossLanguage.sharedConcepts[0].labels).toEqual(expect.objectContaining({ en: expect.any(String), zh: expect.any(String) }));
    const sum = crossLanguage.factors.reduce((total, factor) => total + factor.contribution, 0);
    expect(sum).toBeCloseTo(crossLanguage.score, 3);
    const text = formatReport(report);
    expect(text).toContain('cross-language');
    expect(text).toContain(crossLanguage.offer.title.slice(0, 20));
  });
});
