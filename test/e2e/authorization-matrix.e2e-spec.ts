import request from 'supertest';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { postImport } from '../factories/imports';
import { chineseSolarOffer, createListing, thaiSolarNeed } from '../factories/listings';
import { insertMatch } from '../factories/matches';
import { createSession, sessionBody } from '../factories/sessions';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';
import { AccessFixtures, Caller, CALLERS, NON_EXISTENT_ID, ROUTE_ACCESS, RouteCall } from '../security/route-access';
import { AppRoute, listRoutes, routeKey } from '../security/routes';

const api = (path: string) => `/api/v1${path}`;

function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(params[name]);
  });
}

/**
 * Every route the application declares × {anonymous, member of the owning party, member of another
 * party, admin}, against the table in test/security/route-access.ts. Objects are real, made through
 * the API; a route without an entry fails, so a new route cannot ship without deciding who may call it.
 */
describe('authorization matrix', () => {
  let stack: TestStack;
  let routes: AppRoute[];
  let fx: AccessFixtures;
  const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack();
    const { http, dataSource } = stack;
    routes = listRoutes(stack.app);

    const [owner, counterpart, other]: Member[] = [
      await registerMember(http, { country: 'CN' }),
      await registerMember(http, { country: 'TH' }),
      await registerMember(http, { country: 'VN' }),
    ];
    const admin = await createAdmin(http, dataSource);
    Object.assign(tokens, { owner: owner.token, other: other.token, admin: admin.token });

    const offer = await createListing(http, owner.token, 'offers', chineseSolarOffer);
    const need = await createListing(http, owner.token, 'needs', thaiSolarNeed);
    const draftOffer = await createListing(http, owner.token, 'offers', { ...chineseSolarOffer, status: 'draft' });
    const draftNeed = await createListing(http, owner.token, 'needs', { ...thaiSolarNeed, status: 'draft' });
    const counterNeed = await createListing(http, counterpart.token, 'needs', thaiSolarNeed);

    const newMatch = async () => {
      const listing = await createListing(http, owner.token, 'offers', chineseSolarOffer);
      const match = await insertMatch(dataSource, { id: listing.id, partyId: owner.partyId }, { id: counterNeed.id, partyId: counterpart.partyId });
      return match.id;
    };
    const match = await insertMatch(dataSource, { id: offer.id, partyId: owner.partyId }, { id: counterNeed.id, partyId: counterpart.partyId });

    // An approval notifies both parties: the owner's notice is a real one.
    const approved = await newMatch();
    await request(http).post(api(`/admin/matches/${approved}/approve`)).set(bearer(admin.token)).send({ version: 1 }).expect(200);
    const notificationId = await eventually(async () => {
      const response = await request(http).get(api('/notifications')).set(bearer(owner.token)).expect(200);
      return response.body.items[0]?.id as string | undefined;
    }, 15_000, 'the approval notice');

    const session = await createSession(http, admin.token, sessionBody());
    let slot = 0;
    // Meetings as the scheduler writes them, on a match of their own (one meeting per match and session).
    const insertMeeting = async (sessionId: string, startsInHours: number, status: 'draft' | 'confirmed') => {
      const matchId = await newMatch();
      await dataSource.query(`UPDATE matches SET status = 'approved', version = version + 1 WHERE id = $1`, [matchId]);
      const [row] = await dataSource.query(
        `INSERT INTO meetings (session_id, match_id, offer_party_id, need_party_id, slot_index, table_number, starts_at, ends_at, priority, status, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, 1, now() + make_interval(hours => $6), now() + make_interval(hours => $6, mins => 30), 1, $7::varchar,
                 CASE WHEN $7::varchar = 'confirmed' THEN now() END) RETURNING id`,
        [sessionId, matchId, owner.partyId, counterpart.partyId, slot++, startsInHours, status],
      );
      return row.id as string;
    };
    const sessionWithDraft = async () => {
      const { id } = await createSession(http, admin.token, sessionBody());
      await insertMeeting(id, 24, 'draft');
      return id as string;
    };
    const meetingId = await insertMeeting(session.id, -2, 'confirmed');

    const imported = await postImport(http, admin.token, [{ kind: 'offer', party: owner.partyId, ...chineseSolarOffer }], 'application/json');
    const rematch = await request(http).post(api('/admin/rematch')).set(bearer(admin.token)).expect(202);

    fx = {
      owner: { partyId: owner.partyId, email: owner.email, password: owner.password },
      offerId: offer.id,
      needId: need.id,
      draftOfferId: draftOffer.id,
      draftNeedId: draftNeed.id,
      matchId: match.id,
      notificationId,
      sessionId: session.id,
      meetingId,
      importId: imported.importId,
      jobId: rematch.body.jobId,
      fresh: {
        listing: async (kind) => (await createListing(http, owner.token, kind, kind === 'offers' ? chineseSolarOffer : thaiSolarNeed)).id,
        submittedListing: async () => {
          const listing = await createListing(http, owner.token, 'offers', chineseSolarOffer);
          // Review is off for this file, so the listing was published at once; put it back in the queue.
          await dataSource.query(`UPDATE listings SET status = 'submitted', published_at = NULL WHERE id = $1`, [listing.id]);
          return listing.id;
        },
        match: newMatch,
        futureMeeting: () => insertMeeting(session.id, 24, 'confirmed'),
        session: async () => (await createSession(http, admin.token, sessionBody())).id,
        sessionWithDraft,
        publishedSession: async () => {
          const id = await sessionWithDraft();
          await request(http).post(api(`/admin/sessions/${id}/publish`)).set(bearer(admin.token)).expect(200);
          return id;
        },
        webhook: async () => {
          await request(http).put(api(`/parties/${owner.partyId}/webhook`)).set(bearer(owner.token)).send({ url: 'https://crm.example.org/hooks/techbridge' }).expect(200);
          return owner.partyId;
        },
      },
    };
  });

  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack?.close();
  });

  it('finds the application routes', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map(routeKey)).toEqual(expect.arrayContaining(['GET /api/v1/offers/:id', 'POST /api/v1/admin/matches/:id/approve', 'GET /health']));
  });

  it('has an entry for every route, and every entry names a route that exists', () => {
    const served = new Set(routes.map(routeKey));
    const missing = [...served].filter((key) => !(key in ROUTE_ACCESS));
    const stale = Object.keys(ROUTE_ACCESS).filter((key) => !served.has(key));
    expect({ 'new route without an entry': missing, 'entry without a route': stale }).toEqual({ 'new route without an entry': [], 'entry without a route': [] });
  });

  async function send(route: AppRoute, caller: Caller, call: RouteCall, params: Record<string, string>) {
    let test = request(stack.http)[route.method.toLowerCase() as 'get'](fillPath(route.path, params));
    if (caller !== 'anonymous') test = test.set(bearer(tokens[caller]));
    if (call.query) test = test.query(call.query);
    if (call.contentType) test = test.set('Content-Type', call.contentType);
    if (call.body !== undefined) test = test.send(call.contentType === 'application/json' ? JSON.stringify(call.body) : (call.body as object));
    return test;
  }

  it('answers each caller of each route as the table says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const access = ROUTE_ACCESS[routeKey(route)];
      if (!access) continue;
      let prepared = access.prepare && !access.preparePerCaller ? await access.prepare(fx) : undefined;
      // The owner calls last: the others' calls must fail without changing anything it then relies on.
      for (const caller of ['anonymous', 'other', 'admin', 'owner'] as Caller[]) {
        if (access.prepare && access.preparePerCaller) prepared = await access.prepare(fx);
        const call: RouteCall = access.call?.(fx, prepared, caller) ?? {};
        const response = await send(route, caller, call, { id: prepared ?? '', ...call.path });
        checked++;
        if (response.status !== access.expect[caller]) {
          mismatches.push(`${routeKey(route)} as ${caller}: expected ${access.expect[caller]}, got ${response.status} ${JSON.stringify(response.body?.message ?? '')}`);
        }
      }
    }
    expect(checked).toBe(routes.filter((route) => ROUTE_ACCESS[routeKey(route)]).length * CALLERS.length);
    expect(mismatches).toEqual([]);
  });

  it('checks the token and the role before looking for the object: an id of nothing is 401, then 403 on admin routes, then 404', async () => {
    const mismatches: string[] = [];
    for (const route of routes.filter((r) => r.path.includes(':id'))) {
      const access = ROUTE_ACCESS[routeKey(route)];
      for (const caller of CALLERS) {
        const call: RouteCall = access.call?.(fx, NON_EXISTENT_ID, caller) ?? {};
        const response = await send(route, caller, call, { ...call.path, id: NON_EXISTENT_ID });
        const adminRoute = access.expect.owner === 403 && access.expect.other === 403 && access.expect.admin !== 403;
        // Where the table refuses a caller by rule (not membership of this object's party), that 403 may come first.
        const refusedByRule = access.expect[caller] === 403 || access.expect.other === 403;
        const expected = caller === 'anonymous' ? [401] : adminRoute && caller !== 'admin' ? [403] : refusedByRule ? [403, 404] : [404];
        if (!expected.includes(response.status)) {
          mismatches.push(`${routeKey(route)} as ${caller}: expected ${expected.join(' or ')}, got ${response.status} ${JSON.stringify(response.body?.message ?? '')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
