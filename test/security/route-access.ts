import { randomUUID } from 'node:crypto';

/** Who calls: nobody, a member of the party that owns the object, a member of an unrelated party, an admin. */
export const CALLERS = ['anonymous', 'owner', 'other', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * Real objects made through the API (and, for meetings, by SQL as the scheduler writes them). The
 * owner party (A) owns every listing below, is on the offer side of the match and the meeting, and
 * receives the notification; party B is the counterpart; the "other" caller belongs to a third
 * party that has nothing to do with any of them.
 */
export interface AccessFixtures {
  owner: { partyId: string; email: string; password: string };
  offerId: string;
  needId: string;
  draftOfferId: string;
  draftNeedId: string;
  matchId: string;
  notificationId: string;
  sessionId: string;
  meetingId: string;
  importId: string;
  jobId: string;
  fresh: {
    /** A new published listing of the owner, for routes that change its state. */
    listing(kind: 'offers' | 'needs'): Promise<string>;
    /** A new listing of the owner awaiting review. */
    submittedListing(): Promise<string>;
    /** A new proposed match between the owner and the counterpart; returns its id (version 1). */
    match(): Promise<string>;
    /** A new confirmed meeting of the owner, tomorrow. */
    futureMeeting(): Promise<string>;
    /** A new session without meetings. */
    session(): Promise<string>;
    /** A new session with one draft meeting of the owner, ready to publish. */
    sessionWithDraft(): Promise<string>;
    /** A new session whose agenda (one meeting of the owner) is published. */
    publishedSession(): Promise<string>;
    /** Sets the owner's webhook; returns the owner's party id. */
    webhook(): Promise<string>;
  };
}

export interface RouteCall {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export interface RouteAccess {
  /** Makes the object this route acts on, once for the four calls; its id reaches `call`. */
  prepare?: (fx: AccessFixtures) => Promise<string>;
  /** Prepare a new object for each caller, for routes where one caller's success changes what the next one meets. */
  preparePerCaller?: boolean;
  call?: (fx: AccessFixtures, prepared: string | undefined, caller: Caller) => RouteCall;
  expect: Record<Caller, number>;
}

const NOBODY = '00000000-0000-4000-8000-000000000000';

/** Admin-only: no token 401, a member 403 (the route exists, the role is wrong), an admin `ok`. */
const adminOnly = (ok: number): Record<Caller, number> => ({ anonymous: 401, owner: 403, other: 403, admin: ok });
/** Open to anyone with a token, nothing owned. */
const anyUser = (ok: number): Record<Caller, number> => ({ anonymous: 401, owner: ok, other: ok, admin: ok });
const everyone = (ok: number): Record<Caller, number> => ({ anonymous: ok, owner: ok, other: ok, admin: ok });
/** A party's private object: the owner `ok`, another party 404 (as if it did not exist), an admin `admin`. */
/** An object every member may read but only its party may change: another party 403, an admin 403. */
const publicObject = (ok: number): Record<Caller, number> => ({ anonymous: 401, owner: ok, other: 403, admin: 403 });
/** For members acting for their party; an admin, who has none, 403. */
const membersOnly = (ok: number): Record<Caller, number> => ({ anonymous: 401, owner: ok, other: ok, admin: 403 });
const owned = (ok: number, admin: number): Record<Caller, number> => ({ anonymous: 401, owner: ok, other: 404, admin });

const listingBody = (title: string) => ({
  title,
  description: 'Distributed photovoltaic generation with battery storage for island villages, replacing diesel generators.',
  sector: 'sustainable-development',
  transferModes: ['licensing'],
});

/**
 * The expected answer of every route of the API to each caller. The matrix test fails for a route
 * the application serves without an entry here, and for an entry whose route is gone.
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // Operations and sign-in are public.
  'GET /health': { expect: everyone(200) },
  'GET /health/live': { expect: everyone(200) },
  'GET /metrics': { expect: everyone(200) },
  'POST /api/v1/auth/register': {
    call: () => ({
      body: { email: `matrix-${randomUUID()}@example.org`, password: 'correct horse battery', name: 'Matrix', party: { name: `Matrix ${randomUUID().slice(0, 8)}`, country: 'VN', kind: 'university' } },
    }),
    expect: everyone(201),
  },
  'POST /api/v1/auth/login': { call: (fx) => ({ body: { email: fx.owner.email, password: fx.owner.password } }), expect: everyone(200) },
  'GET /api/v1/me': { expect: anyUser(200) },

  // Parties: profiles are public to members; only the party's own members change them.
  'GET /api/v1/parties/:id': { call: (fx) => ({ path: { id: fx.owner.partyId } }), expect: anyUser(200) },
  // A profile is public, so changing another party's is 403 (not the 404 of a private object).
  'PATCH /api/v1/parties/:id': { call: (fx) => ({ path: { id: fx.owner.partyId }, body: { languages: ['zh', 'en', 'th'] } }), expect: publicObject(200) },
  'POST /api/v1/parties/:id/invitations': {
    call: (fx) => ({ path: { id: fx.owner.partyId }, body: { email: `colleague-${randomUUID()}@example.org` } }),
    expect: publicObject(201),
  },
  'PUT /api/v1/parties/:id/webhook': { call: (fx) => ({ path: { id: fx.owner.partyId }, body: { url: 'https://crm.example.org/hooks/techbridge' } }), expect: owned(200, 404) },
  // Admins read a webhook for support (its secret is never shown to anyone); only the party changes it.
  'GET /api/v1/parties/:id/webhook': { prepare: (fx) => fx.fresh.webhook(), expect: owned(200, 200) },
  'DELETE /api/v1/parties/:id/webhook': { prepare: (fx) => fx.fresh.webhook(), expect: owned(204, 404) },

  // Listings: published ones are public to members, drafts are their party's.
  'POST /api/v1/offers': { call: () => ({ body: listingBody('Matrix offer') }), expect: { anonymous: 401, owner: 201, other: 201, admin: 403 } },
  'POST /api/v1/needs': { call: () => ({ body: listingBody('Matrix need') }), expect: { anonymous: 401, owner: 201, other: 201, admin: 403 } },
  'GET /api/v1/offers': { expect: anyUser(200) },
  'GET /api/v1/needs': { expect: anyUser(200) },
  'GET /api/v1/offers/:id': { call: (fx) => ({ path: { id: fx.draftOfferId } }), expect: owned(200, 200) },
  'GET /api/v1/needs/:id': { call: (fx) => ({ path: { id: fx.draftNeedId } }), expect: owned(200, 200) },
  'PATCH /api/v1/offers/:id': { call: (fx) => ({ path: { id: fx.draftOfferId }, body: { title: 'Matrix offer, revised' } }), expect: owned(200, 404) },
  'PATCH /api/v1/needs/:id': { call: (fx) => ({ path: { id: fx.draftNeedId }, body: { title: 'Matrix need, revised' } }), expect: owned(200, 404) },
  'DELETE /api/v1/offers/:id': { prepare: (fx) => fx.fresh.listing('offers'), expect: owned(200, 404) },
  'DELETE /api/v1/needs/:id': { prepare: (fx) => fx.fresh.listing('needs'), expect: owned(200, 404) },
  'POST /api/v1/offers/:id/close': { prepare: (fx) => fx.fresh.listing('offers'), expect: owned(200, 404) },
  'POST /api/v1/needs/:id/close': { prepare: (fx) => fx.fresh.listing('needs'), expect: owned(200, 404) },
  'POST /api/v1/offers/:id/renew': { prepare: (fx) => fx.fresh.listing('offers'), expect: owned(200, 404) },
  'POST /api/v1/needs/:id/renew': { prepare: (fx) => fx.fresh.listing('needs'), expect: owned(200, 404) },

  // Matches are private to the two parties of the pair.
  'GET /api/v1/offers/:id/matches': { call: (fx) => ({ path: { id: fx.offerId } }), expect: owned(200, 200) },
  'GET /api/v1/needs/:id/matches': { call: (fx) => ({ path: { id: fx.needId } }), expect: owned(200, 200) },
  'GET /api/v1/recommendations': { expect: anyUser(200) },
  'GET /api/v1/matches/:id': { call: (fx) => ({ path: { id: fx.matchId } }), expect: owned(200, 404) },
  'POST /api/v1/matches/:id/preference': { call: (fx) => ({ path: { id: fx.matchId }, body: { preference: 'meet' } }), expect: owned(200, 404) },
  'POST /api/v1/matches/:id/feedback': { call: (fx) => ({ path: { id: fx.matchId }, body: { reason: 'geography' } }), expect: owned(201, 404) },

  // Notifications are the party's.
  'GET /api/v1/notifications': { expect: anyUser(200) },
  'POST /api/v1/notifications/:id/read': { call: (fx) => ({ path: { id: fx.notificationId } }), expect: owned(200, 404) },

  // Sessions are the forum's; a party's availability, agenda and meetings are its own.
  'GET /api/v1/sessions': { expect: anyUser(200) },
  'GET /api/v1/sessions/:id': { call: (fx) => ({ path: { id: fx.sessionId } }), expect: anyUser(200) },
  // Admins belong to no party: they set a party's availability through the admin route.
  'GET /api/v1/sessions/:id/availability': { call: (fx) => ({ path: { id: fx.sessionId } }), expect: membersOnly(200) },
  'PUT /api/v1/sessions/:id/availability': { call: (fx) => ({ path: { id: fx.sessionId }, body: { maxMeetings: 6 } }), expect: membersOnly(200) },
  // Each party reads its own agenda (another party's is an empty one); an admin names the party.
  'GET /api/v1/sessions/:id/agenda': {
    prepare: (fx) => fx.fresh.publishedSession(),
    call: (fx, _id, caller) => (caller === 'admin' ? { query: { partyId: fx.owner.partyId } } : {}),
    expect: anyUser(200),
  },
  'POST /api/v1/meetings/:id/outcome': { call: (fx) => ({ path: { id: fx.meetingId }, body: { outcome: 'follow-up' } }), expect: owned(200, 404) },
  // Admins may cancel any meeting (for the forum), here as through the admin route.
  'POST /api/v1/meetings/:id/cancel': {
    prepare: (fx) => fx.fresh.futureMeeting(),
    preparePerCaller: true,
    call: () => ({ body: { reason: 'flight cancelled' } }),
    expect: owned(200, 200),
  },

  // Admin: listing review, import and export.
  'GET /api/v1/admin/listings': { expect: adminOnly(200) },
  'POST /api/v1/admin/listings/:id/publish': { prepare: (fx) => fx.fresh.submittedListing(), call: () => ({ body: {} }), expect: adminOnly(200) },
  'POST /api/v1/admin/listings/:id/reject': { prepare: (fx) => fx.fresh.submittedListing(), call: () => ({ body: { note: 'Please describe the storage capacity.' } }), expect: adminOnly(200) },
  'POST /api/v1/admin/listings/import': {
    call: (fx) => ({ body: [{ kind: 'offer', party: fx.owner.partyId, ...listingBody('Imported offer') }], contentType: 'application/json' }),
    expect: adminOnly(202),
  },
  'GET /api/v1/admin/listings/imports/:id': { call: (fx) => ({ path: { id: fx.importId } }), expect: adminOnly(200) },
  'GET /api/v1/admin/listings/export': { call: () => ({ query: { format: 'json' } }), expect: adminOnly(200) },

  // Admin: match review, re-match, jobs, statistics, audit.
  'GET /api/v1/admin/matches': { expect: adminOnly(200) },
  'GET /api/v1/admin/matches/:id': { call: (fx) => ({ path: { id: fx.matchId } }), expect: adminOnly(200) },
  'POST /api/v1/admin/matches/:id/approve': { prepare: (fx) => fx.fresh.match(), call: () => ({ body: { version: 1 } }), expect: adminOnly(200) },
  'POST /api/v1/admin/matches/:id/reject': { prepare: (fx) => fx.fresh.match(), call: () => ({ body: { version: 1, note: 'same party group' } }), expect: adminOnly(200) },
  'POST /api/v1/admin/matches/review': {
    prepare: (fx) => fx.fresh.match(),
    call: (_fx, id) => ({ body: { decisions: [{ id, version: 1, decision: 'approve' }] } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/admin/rematch': { expect: adminOnly(202) },
  'GET /api/v1/admin/jobs/:id': { call: (fx) => ({ path: { id: fx.jobId } }), expect: adminOnly(200) },
  'GET /api/v1/admin/stats': { expect: adminOnly(200) },
  'GET /api/v1/admin/audit': { expect: adminOnly(200) },

  // Admin: sessions, scheduling, meetings.
  'POST /api/v1/admin/sessions': {
    call: () => ({ body: { name: 'Matrix session', startsAt: '2031-09-20T09:00:00+08:00', endsAt: '2031-09-20T11:00:00+08:00', slotMinutes: 30, tables: 4 } }),
    expect: adminOnly(201),
  },
  'GET /api/v1/admin/sessions': { expect: adminOnly(200) },
  'POST /api/v1/admin/sessions/:id/schedule': { prepare: (fx) => fx.fresh.session(), call: () => ({ body: {} }), expect: adminOnly(202) },
  'POST /api/v1/admin/sessions/:id/replan': { prepare: (fx) => fx.fresh.session(), expect: adminOnly(202) },
  'GET /api/v1/admin/sessions/:id/schedule': { call: (fx) => ({ path: { id: fx.sessionId } }), expect: adminOnly(200) },
  'POST /api/v1/admin/sessions/:id/publish': { prepare: (fx) => fx.fresh.sessionWithDraft(), expect: adminOnly(200) },
  'GET /api/v1/admin/sessions/:id/meetings': { call: (fx) => ({ path: { id: fx.sessionId } }), expect: adminOnly(200) },
  'PUT /api/v1/admin/sessions/:id/parties/:partyId/availability': {
    call: (fx) => ({ path: { id: fx.sessionId, partyId: fx.owner.partyId }, body: { maxMeetings: 5 } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/admin/meetings/:id/cancel': { prepare: (fx) => fx.fresh.futureMeeting(), call: () => ({ body: { reason: 'table double-booked' } }), expect: adminOnly(200) },
  'GET /api/v1/admin/meetings/stats': { expect: adminOnly(200) },

  // The queue dashboard's browser session: opening it needs an admin; closing only clears a cookie.
  'POST /api/v1/admin/queues/session': { expect: adminOnly(201) },
  'DELETE /api/v1/admin/queues/session': { expect: everyone(204) },
};

/** A well-formed id of nothing, for routes probed without an object. */
export const NON_EXISTENT_ID = NOBODY;
