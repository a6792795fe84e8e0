import request from 'supertest';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { createMatch, MatchFixture } from '../factories/matches';
import { startTestStack, TestStack } from '../helpers/test-app';

type Http = TestStack['http'];
const api = (path: string) => `/api/v1${path}`;

/** Preferences, feedback, admin review and the parties' view of decisions, without a worker: matches are written as the matcher would. */
describe('review: preferences, feedback, admin decisions', () => {
  let stack: TestStack;
  let http: Http;
  let admin: { token: string; userId: string };

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack();
    http = stack.http;
    admin = await createAdmin(http, stack.dataSource);
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  const cn = () => registerMember(http, { country: 'CN' });
  const th = () => registerMember(http, { country: 'TH' });
  const adminMatch = async (id: string) => (await request(http).get(api(`/admin/matches/${id}`)).set(bearer(admin.token)).expect(200)).body;
  const recommendationIds = async (member: Member, query = '') =>
    (await request(http).get(api(`/recommendations${query}`)).set(bearer(member.token)).expect(200)).body.items.map((m: { id: string }) => m.id);

  it('lets 1 of 100 concurrent decisions on one match win; the other 99 get 409 and nothing else changes', async () => {
    const match = await createMatch(http, stack.dataSource, await cn(), await th());
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(http)
          .post(api(`/admin/matches/${match.id}/${i % 2 ? 'approve' : 'reject'}`))
          .set(bearer(admin.token))
          .send({ version: match.version, note: `decision ${i}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
    const loser = responses.find((response) => response.status === 409)!;
    expect(loser.body.message).toMatch(/version 1 is stale: the match is at version 2/);

    const winner = responses.find((response) => response.status === 200)!;
    expect(winner.body).toMatchObject({ version: 2, status: expect.stringMatching(/approved|rejected/) });
    const [audits] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries WHERE object_id = $1 AND action LIKE 'match.%'`, [match.id]);
    expect(audits.n).toBe(1);
  });

  it('approves with a note: audited, both parties notified, and shown to both as an approved introduction', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const match = await createMatch(http, stack.dataSource, offerSide, needSide);
    await request(http).post(api(`/admin/matches/${match.id}/approve`)).set(bearer(admin.token)).send({ version: 1, note: 'ขอให้นำตัวอย่างมาด้วย' }).expect(200);
    const approved = await adminMatch(match.id);
    expect(approved).toMatchObject({ status: 'approved', version: 2, reviewNote: 'ขอให้นำตัวอย่างมาด้วย', reviewedBy: admin.userId, reviewedAt: expect.any(String) });

    for (const side of [offerSide, needSide]) {
      expect(await recommendationIds(side, '?status=approved')).toEqual([match.id]);
      const inbox = await request(http).get(api('/notifications')).set(bearer(side.token)).expect(200);
      expect(inbox.body.items).toEqual([expect.objectContaining({ kind: 'match-approved', data: expect.objectContaining({ matchId: match.id }) })]);
    }
    const audit = await request(http).get(api(`/admin/audit?objectType=match&objectId=${match.id}`)).set(bearer(admin.token)).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'match.approved', actorId: admin.userId, summary: expect.objectContaining({ note: 'ขอให้นำตัวอย่างมาด้วย', previousStatus: 'proposed', version: 2 }) })]);
    await request(http).post(api(`/admin/matches/${match.id}/approve`)).set(bearer(admin.token)).send({ version: 1 }).expect(409);
  });

  it('hides a rejected match from both parties, but not from admins', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const match = await createMatch(http, stack.dataSource, offerSide, needSide);
    expect(await recommendationIds(needSide)).toEqual([match.id]);
    await request(http).post(api(`/admin/matches/${match.id}/reject`)).set(bearer(admin.token)).send({ version: 1, note: 'duplicate' }).expect(200);
    expect(await recommendationIds(needSide)).toEqual([]);
    expect(await recommendationIds(offerSide)).toEqual([]);
    await request(http).get(api(`/matches/${match.id}`)).set(bearer(offerSide.token)).expect(404);
    await request(http).post(api(`/matches/${match.id}/preference`)).set(bearer(offerSide.token)).send({ preference: 'meet' }).expect(404);
    const list = await request(http).get(api('/admin/matches?status=rejected')).set(bearer(admin.token)).expect(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toContain(match.id);
  });

  it('refuses to approve a match whose listing was withdrawn (409), and hides it from parties', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const match = await createMatch(http, stack.dataSource, offerSide, needSide);
    await request(http).delete(api(`/offers/${match.offerId}`)).set(bearer(offerSide.token)).expect(200);
    const refused = await request(http).post(api(`/admin/matches/${match.id}/approve`)).set(bearer(admin.token)).send({ version: 1 }).expect(409);
    expect(refused.body.message).toMatch(/the offer is withdrawn/);
    expect(await recommendationIds(needSide)).toEqual([]);
    await request(http).post(api(`/admin/matches/${match.id}/reject`)).set(bearer(admin.token)).send({ version: 1 }).expect(200);
  });

  it('records each side’s preference apart, and sorts the review queue by meeting priority', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const low = await createMatch(http, stack.dataSource, offerSide, needSide, { score: 0.9, sector: 'digital' });
    const mutual = await createMatch(http, stack.dataSource, offerSide, needSide, { score: 0.3, sector: 'digital' });
    const declined = await createMatch(http, stack.dataSource, offerSide, needSide, { score: 0.95, sector: 'digital' });

    await Promise.all([
      request(http).post(api(`/matches/${mutual.id}/preference`)).set(bearer(offerSide.token)).send({ preference: 'must-meet' }).expect(200),
      request(http).post(api(`/matches/${mutual.id}/preference`)).set(bearer(needSide.token)).send({ preference: 'meet' }).expect(200),
    ]);
    const set = await request(http).post(api(`/matches/${declined.id}/preference`)).set(bearer(needSide.token)).send({ preference: 'no-thanks' }).expect(200);
    expect(set.body).toMatchObject({ id: declined.id, needPreference: 'no-thanks', offerPreference: null, version: 1, counterpart: { id: declined.offerId } });

    const queue = await request(http).get(api(`/admin/matches?sector=digital&country=TH-CN&status=proposed`)).set(bearer(admin.token)).expect(200);
    const mine = queue.body.items.filter((m: { id: string }) => [low.id, mutual.id, declined.id].includes(m.id));
    expect(mine.map((m: { id: string; priority: number | null }) => [m.id, m.priority])).toEqual([
      [mutual.id, 8.3],
      [low.id, 0.9],
      [declined.id, null],
    ]);
    const mutualRow = mine[0];
    expect(mutualRow).toMatchObject({ offerPreference: 'must-meet', needPreference: 'meet' });

    const wanted = await request(http).get(api('/admin/matches?wantedByBoth=true&sector=digital')).set(bearer(admin.token)).expect(200);
    expect(wanted.body.items.map((m: { id: string }) => m.id)).toEqual([mutual.id]);
    const noAnswer = await request(http).get(api('/admin/matches?offerPreference=none&needPreference=no-thanks&sector=digital')).set(bearer(admin.token)).expect(200);
    expect(noAnswer.body.items.map((m: { id: string }) => m.id)).toEqual([declined.id]);
    const highScore = await request(http).get(api('/admin/matches?minScore=0.92&sector=digital')).set(bearer(admin.token)).expect(200);
    expect(highScore.body.items.map((m: { id: string }) => m.id)).toEqual([declined.id]);

    const audit = await request(http).get(api(`/admin/audit?objectType=match&objectId=${mutual.id}`)).set(bearer(admin.token)).expect(200);
    expect(audit.body.items.map((e: { summary: { side: string } }) => e.summary.side).sort()).toEqual(['need', 'offer']);
  });

  it('pages the review queue with a keyset cursor, without repeats or gaps', async () => {
    const [offerSide, needSide] = [await cn(), await registerMember(http, { country: 'VN' })];
    const ids = new Set<string>();
    for (const score of [0.2, 0.4, 0.4, 0.6, 0.8]) ids.add((await createMatch(http, stack.dataSource, offerSide, needSide, { score, sector: 'health' })).id);
    await request(http).post(api(`/matches/${[...ids][0]}/preference`)).set(bearer(offerSide.token)).send({ preference: 'no-thanks' }).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/admin/matches?country=CN-VN&sector=health&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(http).get(api(query)).set(bearer(admin.token)).expect(200);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(ids);
    expect(seen[4]).toBe([...ids][0]);
  });

  it('pages a party’s recommendations from both sides, best first, without repeats or gaps', async () => {
    const [member, thai, viet] = [await cn(), await th(), await registerMember(http, { country: 'VN' })];
    const made: { id: string; score: number }[] = [];
    for (const [score, asOffer] of [[0.91, true], [0.35, false], [0.77, true], [0.52, false], [0.6, false]] as const) {
      const match = asOffer ? await createMatch(http, stack.dataSource, member, thai, { score }) : await createMatch(http, stack.dataSource, viet, member, { score });
      made.push({ id: match.id, score });
    }
    const seen: { id: string; score: number; counterpart: { partyId: string } }[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/recommendations?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(http).get(api(path)).set(bearer(member.token)).expect(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((m) => m.id)).toEqual([...made].sort((a, b) => b.score - a.score).map((m) => m.id));
    expect(seen.every((m) => m.counterpart.partyId !== member.partyId)).toBe(true);
  });

  it('keeps one feedback per party and match, with the score and explanation the party saw', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const match = await createMatch(http, stack.dataSource, offerSide, needSide, { score: 0.42 });
    const first = await request(http).post(api(`/matches/${match.id}/feedback`)).set(bearer(needSide.token)).send({ reason: 'too-early-stage', comment: 'TRL ยังต่ำไป' }).expect(201);
    expect(first.body).toMatchObject({ matchId: match.id, side: 'need', reason: 'too-early-stage', comment: 'TRL ยังต่ำไป' });
    const second = await request(http).post(api(`/matches/${match.id}/feedback`)).set(bearer(needSide.token)).send({ reason: 'geography' }).expect(201);
    expect(second.body).toMatchObject({ id: first.body.id, reason: 'geography', comment: null });
    const rows = await stack.dataSource.query('SELECT reason, score, algorithm_version, explanation FROM match_feedback WHERE match_id = $1', [match.id]);
    expect(rows).toEqual([{ reason: 'geography', score: 0.42, algorithm_version: 'test', explanation: expect.objectContaining({ factors: expect.any(Array) }) }]);
  });

  it.each([
    ['an unknown preference', 'preference', { preference: 'maybe' }, /preference must be one of: must-meet, meet, no-thanks/],
    ['no preference', 'preference', {}, /preference must be one of/],
    ['an unknown reason', 'feedback', { reason: 'too-expensive' }, /reason must be one of: too-early-stage, wrong-sector, not-the-technology-needed, ip-or-terms, geography, already-in-contact, other/],
    ['a long comment', 'feedback', { reason: 'other', comment: 'x'.repeat(2001) }, /comment must be at most 2000 characters long/],
    ['an unknown field', 'feedback', { reason: 'other', score: 1 }, /property score should not exist/],
  ])('answers %s with 400 naming what is allowed', async (_, route, body, message) => {
    const [offerSide, needSide] = [await cn(), await th()];
    const match = await createMatch(http, stack.dataSource, offerSide, needSide);
    const response = await request(http).post(api(`/matches/${match.id}/${route}`)).set(bearer(offerSide.token)).send(body).expect(400);
    expect(response.body.message).toMatch(message);
  });

  it.each([
    ['a missing version', {}, /version must be a whole number/],
    ['a string version', { version: '1' }, /version must be a whole number/],
    ['an overlong note', { version: 1, note: 'n'.repeat(2001) }, /note must be at most 2000 characters long/],
  ])('answers a decision with %s 400', async (_, body, message) => {
    const match = await createMatch(http, stack.dataSource, await cn(), await th());
    const response = await request(http).post(api(`/admin/matches/${match.id}/approve`)).set(bearer(admin.token)).send(body).expect(400);
    expect(response.body.message).toMatch(message);
  });

  it.each([
    ['status', 'status=maybe', /status must be one of: proposed, approved, rejected/],
    ['sector', 'sector=energy', /sector must be one of: sustainable-development, health, digital/],
    ['country', 'country=China', /country must be a country code such as TH or a pair such as CN-TH/],
    ['minScore', 'minScore=2', /minScore must be a number from 0 to 1/],
    ['offerPreference', 'offerPreference=yes', /offerPreference must be one of: must-meet, meet, no-thanks, none/],
  ])('answers a bad %s filter 400', async (_, query, message) => {
    const response = await request(http).get(api(`/admin/matches?${query}`)).set(bearer(admin.token)).expect(400);
    expect(response.body.message).toMatch(message);
  });

  it('answers a bulk review per decision and applies the valid ones', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const a = await createMatch(http, stack.dataSource, offerSide, needSide);
    const b = await createMatch(http, stack.dataSource, offerSide, needSide);
    const c = await createMatch(http, stack.dataSource, offerSide, needSide);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await request(http)
      .post(api('/admin/matches/review'))
      .set(bearer(admin.token))
      .send({
        decisions: [
          { id: a.id, version: 1, decision: 'approve', note: 'ok' },
          { id: unknown, version: 1, decision: 'approve' },
          { id: b.id, version: 7, decision: 'reject' },
          { id: 'not-a-uuid', version: 1, decision: 'approve' },
          { id: c.id, version: 1, decision: 'maybe' },
          { id: c.id.toUpperCase(), version: 1, decision: 'reject' },
          { id: a.id, version: 1, decision: 'reject' },
        ],
      })
      .expect(200);
    expect(response.body.results).toEqual([
      { id: a.id, result: 'ok', status: 'approved', version: 2 },
      { id: unknown, result: 'not-found', message: 'match not found' },
      { id: b.id, result: 'conflict', version: 1, message: expect.stringMatching(/version 7 is stale/) },
      { id: 'not-a-uuid', result: 'invalid', message: 'id must be a UUID' },
      { id: c.id, result: 'invalid', message: 'decision must be one of: approve, reject' },
      { id: c.id.toUpperCase(), result: 'ok', status: 'rejected', version: 2 },
      { id: a.id, result: 'conflict', message: expect.stringMatching(/decided twice/) },
    ]);
    expect(response.body.counts).toEqual({ ok: 2, 'not-found': 1, conflict: 2, invalid: 2 });
    expect((await adminMatch(a.id)).status).toBe('approved');
    expect((await adminMatch(b.id)).status).toBe('proposed');
    expect((await adminMatch(c.id)).status).toBe('rejected');
  });

  it('refuses a bulk review of more than 500 decisions, or of none', async () => {
    const decisions = Array.from({ length: 501 }, () => ({ id: '00000000-0000-4000-8000-000000000000', version: 1, decision: 'approve' }));
    const tooMany = await request(http).post(api('/admin/matches/review')).set(bearer(admin.token)).send({ decisions }).expect(400);
    expect(tooMany.body.message).toMatch(/at most 500 decisions/);
    await request(http).post(api('/admin/matches/review')).set(bearer(admin.token)).send({ decisions: [] }).expect(400);
    await request(http).post(api('/admin/matches/review')).set(bearer(admin.token)).send({ decisions: ['x'] }).expect(400);
  });

  it('applies 500 decisions in one request', async () => {
    const [offerSide, needSide] = [await cn(), await th()];
    const base = await createMatch(http, stack.dataSource, offerSide, needSide);
    // One pair per match is the rule, so the other 499 reuse the two listings' parties with fresh listings made by SQL.
    const extra: { id: string }[] = await stack.dataSource.query(
      `WITH offers AS (
         INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, taxonomy_version)
         SELECT 'offer', party_id, party_country, party_region, 'published', 'bulk ' || g, 'bulk', 'en', 'en', sector, taxonomy_version
           FROM listings, generate_series(1, 499) g WHERE id = $1
         RETURNING id, party_id)
       INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version, offer_revision, need_revision, chosen_by_offer)
       SELECT offers.id, $2, offers.party_id, $3, 'sustainable-development', 0.5, '{"factors":[],"sharedConceptIds":[],"sharedFieldIds":[]}', 'test', 'test', 1, 1, true FROM offers
       RETURNING id`,
      [base.offerId, base.needId, needSide.partyId],
    );
    const decisions = [base, ...extra].map((m, i) => ({ id: m.id, version: 1, decision: i % 3 ? 'approve' : 'reject' }));
    const response = await request(http).post(api('/admin/matches/review')).set(bearer(admin.token)).send({ decisions }).expect(200);
    expect(response.body.counts).toEqual({ ok: 500, 'not-found': 0, conflict: 0, invalid: 0 });
    const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries WHERE object_id = ANY($1::uuid[])`, [decisions.map((d) => d.id)]);
    expect(n).toBe(500);
  });

  describe('who may do what', () => {
    let owner: Member;
    let counterpart: Member;
    let other: Member;
    let match: MatchFixture;

    beforeAll(async () => {
      owner = await cn();
      counterpart = await th();
      other = await registerMember(http, { country: 'MY' });
      match = await createMatch(http, stack.dataSource, owner, counterpart);
    });

    type Call = { method: 'get' | 'post'; path: string; body?: () => object };
    const routes: Record<string, () => Call> = {
      'GET /recommendations': () => ({ method: 'get', path: '/recommendations' }),
      'GET /offers/:id/matches': () => ({ method: 'get', path: `/offers/${match.offerId}/matches` }),
      'GET /needs/:id/matches': () => ({ method: 'get', path: `/needs/${match.needId}/matches` }),
      'GET /matches/:id': () => ({ method: 'get', path: `/matches/${match.id}` }),
      'POST /matches/:id/preference': () => ({ method: 'post', path: `/matches/${match.id}/preference`, body: () => ({ preference: 'meet' }) }),
      'POST /matches/:id/feedback': () => ({ method: 'post', path: `/matches/${match.id}/feedback`, body: () => ({ reason: 'other' }) }),
      'GET /admin/matches': () => ({ method: 'get', path: '/admin/matches' }),
      'GET /admin/matches/:id': () => ({ method: 'get', path: `/admin/matches/${match.id}` }),
      'POST /admin/matches/:id/approve': () => ({ method: 'post', path: `/admin/matches/${match.id}/approve`, body: () => ({ version: match.version }) }),
      'POST /admin/matches/:id/reject': () => ({ method: 'post', path: `/admin/matches/${match.id}/reject`, body: () => ({ version: match.version }) }),
      'POST /admin/matches/review': () => ({ method: 'post', path: '/admin/matches/review', body: () => ({ decisions: [{ id: match.id, version: match.version, decision: 'approve' }] }) }),
      'GET /admin/stats': () => ({ method: 'get', path: '/admin/stats' }),
    };
    const tokens: Record<string, () => string | null> = {
      'offer side': () => owner.token,
      'another party': () => other.token,
      admin: () => admin.token,
      anonymous: () => null,
    };

    it.each([
      ['GET /recommendations', [200, 200, 200, 401]],
      ['GET /offers/:id/matches', [200, 404, 200, 401]],
      ['GET /needs/:id/matches', [404, 404, 200, 401]],
      ['GET /matches/:id', [200, 404, 404, 401]],
      ['POST /matches/:id/preference', [200, 404, 404, 401]],
      ['POST /matches/:id/feedback', [201, 404, 404, 401]],
      ['GET /admin/matches', [403, 403, 200, 401]],
      ['GET /admin/matches/:id', [403, 403, 200, 401]],
      ['POST /admin/matches/:id/approve', [403, 403, 200, 401]],
      ['POST /admin/matches/:id/reject', [403, 403, 200, 401]],
      ['POST /admin/matches/review', [403, 403, 200, 401]],
      ['GET /admin/stats', [403, 403, 200, 401]],
    ] as [string, number[]][])('%s answers the offer side, another party, an admin, anonymous with %j', async (route, expected) => {
      const actual: number[] = [];
      for (const who of Object.keys(tokens)) {
        const call = routes[route]();
        if (who === 'admin' && call.path.startsWith(`/admin/matches/${match.id}/`)) match.version = (await adminMatch(match.id)).version;
        const token = tokens[who]();
        let pending = request(http)[call.method](api(call.path));
        if (token) pending = pending.set(bearer(token));
        const response = await pending.send(call.body ? routes[route]().body!() : undefined);
        actual.push(response.status);
        if (route === 'GET /recommendations' && who === 'another party') expect(response.body.items.map((m: { id: string }) => m.id)).not.toContain(match.id);
        if (route === 'GET /recommendations' && who === 'owner') expect(response.body.items.map((m: { id: string }) => m.id)).toContain(match.id);
      }
      expect(actual).toEqual(expected);
    });
  });
});

/** Its own stack, so the database holds exactly what this test made. */
describe('statistics: the funnel counts what happened', () => {
  let stack: TestStack;
  let http: Http;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack();
    http = stack.http;
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  it('counts listings, the funnel by sector and China-first country pair, and feedback reasons', async () => {
    const admin = await createAdmin(http, stack.dataSource);
    const china = await registerMember(http, { country: 'CN' });
    const thai = await registerMember(http, { country: 'TH' });
    const viet = await registerMember(http, { country: 'VN' });
    const malay = await registerMember(http, { country: 'MY' });
    const decide = (m: MatchFixture, decision: 'approve' | 'reject') =>
      request(http).post(api(`/admin/matches/${m.id}/${decision}`)).set(bearer(admin.token)).send({ version: 1 }).expect(200);
    const prefer = (m: MatchFixture, who: Member, preference: string) =>
      request(http).post(api(`/matches/${m.id}/preference`)).set(bearer(who.token)).send({ preference }).expect(200);

    // CN offers to TH: 3 proposed, 2 approved, 1 of them wanted by both.
    const cnTh = [await createMatch(http, stack.dataSource, china, thai), await createMatch(http, stack.dataSource, china, thai), await createMatch(http, stack.dataSource, china, thai)];
    await decide(cnTh[0], 'approve');
    await decide(cnTh[1], 'approve');
    await prefer(cnTh[0], china, 'must-meet');
    await prefer(cnTh[0], thai, 'meet');
    await prefer(cnTh[1], china, 'meet');
    // TH offers to CN (same pair label), rejected; VN offers to CN, digital; MY offers to TH, not chosen by anyone (never proposed).
    await decide(await createMatch(http, stack.dataSource, thai, china), 'reject');
    await createMatch(http, stack.dataSource, viet, china, { sector: 'digital' });
    await createMatch(http, stack.dataSource, malay, thai, { chosen: false });
    await request(http).post(api(`/matches/${cnTh[2].id}/feedback`)).set(bearer(thai.token)).send({ reason: 'wrong-sector' }).expect(201);
    await request(http).post(api(`/matches/${cnTh[2].id}/feedback`)).set(bearer(china.token)).send({ reason: 'wrong-sector' }).expect(201);
    await request(http).post(api(`/matches/${cnTh[1].id}/feedback`)).set(bearer(thai.token)).send({ reason: 'ip-or-terms' }).expect(201);

    const stats = (await request(http).get(api('/admin/stats')).set(bearer(admin.token)).expect(200)).body;
    const stage = (proposed: number, approved: number, wantedByBoth: number) => ({ proposed, approved, wantedByBoth, scheduled: 0, agreements: 0 });
    expect(stats.funnel.total).toEqual(stage(5, 2, 1));
    expect(stats.funnel.byCountryPair).toEqual([
      { pair: 'CN-TH', ...stage(4, 2, 1) },
      { pair: 'CN-VN', ...stage(1, 0, 0) },
    ]);
    expect(stats.funnel.bySector).toEqual([
      { sector: 'sustainable-development', ...stage(4, 2, 1) },
      { sector: 'health', ...stage(0, 0, 0) },
      { sector: 'digital', ...stage(1, 0, 0) },
    ]);
    expect(stats.feedback.total).toBe(3);
    expect(stats.feedback.byReason).toEqual(
      expect.arrayContaining([
        { reason: 'wrong-sector', count: 2 },
        { reason: 'ip-or-terms', count: 1 },
        { reason: 'geography', count: 0 },
      ]),
    );
    // Every match made a published offer and a published need: 6 of each.
    expect(stats.listings.total).toBe(12);
    expect(stats.listings.byStatus.find((row: { status: string }) => row.status === 'published')).toEqual({ status: 'published', offers: 6, needs: 6, total: 12 });
    expect(stats.listings.byCountry).toEqual([
      { country: 'CN', offers: 3, needs: 2, total: 5 },
      { country: 'MY', offers: 1, needs: 0, total: 1 },
      { country: 'TH', offers: 1, needs: 4, total: 5 },
      { country: 'VN', offers: 1, needs: 0, total: 1 },
    ]);
    expect(stats.listings.bySector.find((row: { sector: string }) => row.sector === 'sustainable-development').total).toBe(12);
  });
});
