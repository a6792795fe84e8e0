import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import request from 'supertest';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { createSession, insertApprovedMatch, nanning, sessionBody } from '../factories/sessions';
import { eventually, startTestStack, TestStack, waitForQueuesIdle } from '../helpers/test-app';
import { expectMatchesSpec } from '../helpers/openapi-validator';
import { QueueName } from '../../src/queue/queue-names';

const HOUR = 3_600_000;

/**
 * From approved matches to a published agenda and recorded outcomes, through the API and the
 * worker, on the real PostgreSQL and Redis.
 */
describe('matchmaking sessions', () => {
  let stack: TestStack;
  let admin: { token: string; userId: string };

  beforeAll(async () => {
    stack = await startTestStack({ worker: true });
    admin = await createAdmin(stack.http, stack.dataSource);
  });
  afterAll(async () => {
    await stack.close();
  });

  const api = () => request(stack.http);

  async function scheduled(sessionId: string, jobId: string) {
    return eventually(
      async () => {
        const response = expectMatchesSpec(await api().get(`/api/v1/admin/sessions/${sessionId}/schedule`).set(bearer(admin.token)).expect(200));
        return !response.body.running && response.body.jobId === jobId && response.body.state === 'completed' ? response.body : null;
      },
      30_000,
      `scheduling job ${jobId}`,
    );
  }

  async function schedule(sessionId: string, path: 'schedule' | 'replan' = 'schedule') {
    const started = expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${sessionId}/${path}`).set(bearer(admin.token)).send({}).expect(202));
    return scheduled(sessionId, started.body.jobId);
  }

  async function agendaOf(member: Member, sessionId: string) {
    return (await api().get(`/api/v1/sessions/${sessionId}/agenda`).set(bearer(member.token)).expect(200)).body;
  }

  describe('the golden flow', () => {
    let cn1: Member;
    let cn2: Member;
    let th: Member;
    let vn: Member;
    let outsider: Member;
    let sessionId: string;

    beforeAll(async () => {
      cn1 = await registerMember(stack.http, { country: 'CN', name: '广西光伏科技', languages: ['zh', 'en'] });
      cn2 = await registerMember(stack.http, { country: 'CN', name: '南宁农机研究所', languages: ['zh'] });
      th = await registerMember(stack.http, { country: 'TH', name: 'Krabi Island Energy Cooperative', languages: ['th'] });
      vn = await registerMember(stack.http, { country: 'VN', name: 'Công ty Năng lượng Xanh', languages: ['vi', 'en'] });
      outsider = await registerMember(stack.http, { country: 'MY', languages: ['ms', 'en'] });
      // Matches as the matcher leaves them (proposed); the parties say what they want and the admin
      // approves through the review routes.
      const reviewed = async (offer: Member, need: Member, score: number, sector: string, preferences: [Member, string][], approve = true) => {
        const { matchId } = await insertApprovedMatch(stack.dataSource, offer.partyId, need.partyId, { score, sector, status: 'proposed' });
        for (const [member, preference] of preferences) {
          expectMatchesSpec(await api().post(`/api/v1/matches/${matchId}/preference`).set(bearer(member.token)).send({ preference }).expect(200));
        }
        if (approve) await api().post(`/api/v1/admin/matches/${matchId}/approve`).set(bearer(admin.token)).send({ version: 1 }).expect(200);
      };
      // cn1-th share no language either: zh-th interpreters serve both of th's meetings.
      await reviewed(cn1, th, 0.8, 'sustainable-development', [
        [cn1, 'must-meet'],
        [th, 'must-meet'],
      ]);
      await reviewed(cn2, th, 0.7, 'digital', [[cn2, 'meet']]);
      await reviewed(cn1, vn, 0.5, 'health', [[vn, 'meet']]);
      // No language in common and no zh-vi interpreter: waits.
      await reviewed(cn2, vn, 0.9, 'digital', []);
      // A side said no-thanks: never scheduled; not approved: not a candidate.
      await reviewed(cn1, outsider, 0.9, 'digital', [[outsider, 'no-thanks']]);
      await reviewed(cn2, outsider, 0.9, 'digital', [], false);

      const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR);
      const session = await createSession(
        stack.http,
        admin.token,
        sessionBody(
          {
            tables: 2,
            breaks: [{ startsAt: nanning(new Date(start.getTime() + HOUR)), endsAt: nanning(new Date(start.getTime() + 1.5 * HOUR)) }],
            interpreters: [{ languages: ['zh', 'th'], count: 1 }],
          },
          { startsAt: start, slots: 4 },
        ),
      );
      sessionId = session.id;
      expect(session).toMatchObject({ status: 'setup', timeZone: 'Asia/Shanghai', tables: 2, slotMinutes: 30 });
      expect(session.startsAt).toMatch(/\+08:00$/);
      // Four half-hour slots in two hours, minus the third half-hour (the break): three slots.
      expect(session.slots).toHaveLength(3);
    });

    it('schedules approved matches into a draft that only the admin sees', async () => {
      const status = await schedule(sessionId);
      expect(status.progress).toMatchObject({ stage: 'done', percent: 100 });
      expect(status.lastSchedule).toMatchObject({ mode: 'full', candidates: 4, placed: 3, kept: 0, waiting: { 'no-shared-language': 1 } });
      expect(status.lastSchedule.totalPriority).toBeLessThanOrEqual(status.lastSchedule.upperBound);

      expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda`).set(bearer(th.token)).expect(404));
      const draft = expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda?partyId=${th.partyId}`).set(bearer(admin.token)).expect(200));
      expect(draft.body.meetings.map((m: { status: string }) => m.status)).toEqual(['draft', 'draft']);
      // th speaks only Thai, and one zh-th interpreter serves one meeting per slot.
      expect(draft.body.meetings.map((m: { interpreter: string }) => m.interpreter)).toEqual(['th-zh', 'th-zh']);
      expect(new Set(draft.body.meetings.map((m: { slot: number }) => m.slot)).size).toBe(2);
      expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda?partyId=${th.partyId}`).set(bearer(cn1.token)).expect(403));

      const meetings = expectMatchesSpec(await api().get(`/api/v1/admin/sessions/${sessionId}/meetings`).set(bearer(admin.token)).expect(200));
      expect(meetings.body.items).toHaveLength(3);
      const places = meetings.body.items.map((m: { slot: number; table: number }) => `${m.slot}/${m.table}`);
      expect(new Set(places).size).toBe(3);
      const detail = expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}`).set(bearer(admin.token)).expect(200));
      expect(detail.body).toMatchObject({ status: 'draft', meetings: { draft: 3, confirmed: 0, cancelled: 0 }, scheduling: { running: false } });
    });

    it('publishes the agenda: parties are told and read it as JSON, iCalendar and CSV', async () => {
      const published = expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${sessionId}/publish`).set(bearer(admin.token)).expect(200));
      expect(published.body).toMatchObject({ confirmed: 3, session: { status: 'published' } });
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${sessionId}/publish`).set(bearer(admin.token)).expect(409));

      const notices = expectMatchesSpec(await api().get('/api/v1/notifications').set(bearer(th.token)).expect(200));
      expect(notices.body.items.find((n: { kind: string }) => n.kind === 'meeting-scheduled')).toMatchObject({ title: expect.stringContaining('2 meetings') });

      const agenda = await agendaOf(th, sessionId);
      expect(agenda.party).toEqual({ id: th.partyId, name: 'Krabi Island Energy Cooperative' });
      expect(agenda.meetings).toHaveLength(2);
      const first = agenda.meetings[0];
      expect(first).toMatchObject({ status: 'confirmed', side: 'need', interpreter: 'th-zh', counterpart: { country: 'CN' } });
      expect(first.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/);
      expect(first.localStart).toBe(first.startsAt.slice(11, 16));
      expect(await agendaOf(outsider, sessionId)).toMatchObject({ meetings: [] });

      const ics = expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda?format=ics`).set(bearer(th.token)).expect(200));
      expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(ics.text));
      for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
      const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.map((e) => e.uid)).toEqual(agenda.meetings.map((m: { id: string }) => `${m.id}@techbridge`));
      expect(events[0].startDate.zone?.tzid).toBe('Asia/Shanghai');
      expect(events[0].startDate.toJSDate().toISOString()).toBe(new Date(first.startsAt).toISOString());
      expect(events[0].summary).toContain(first.counterpart.name);
      ICAL.TimezoneService.reset();

      const csv = expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda?format=csv`).set(bearer(th.token)).expect(200));
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows: Record<string, string>[] = parseCsv(csv.text, { bom: true, columns: true });
      expect(rows.map((r) => r.meetingId)).toEqual(agenda.meetings.map((m: { id: string }) => m.id));
      expect(rows[0]).toMatchObject({ start: first.localStart, timeZone: 'Asia/Shanghai', counterpart: first.counterpart.name });

      const all = expectMatchesSpec(await api().get(`/api/v1/admin/sessions/${sessionId}/meetings?format=csv`).set(bearer(admin.token)).expect(200));
      expect(parseCsv(all.text, { bom: true, columns: true })).toHaveLength(3);
      expectMatchesSpec(await api().get(`/api/v1/sessions/${sessionId}/agenda?format=pdf`).set(bearer(th.token)).expect(400));
    });

    it('records each side’s outcome, and counts agreements by sector and country pair', async () => {
      const agenda = await agendaOf(th, sessionId);
      const withCn1 = agenda.meetings.find((m: { counterpart: { partyId: string } }) => m.counterpart.partyId === cn1.partyId);
      const url = `/api/v1/meetings/${withCn1.id}/outcome`;
      expectMatchesSpec(await api().post(url).set(bearer(outsider.token)).send({ outcome: 'follow-up' }).expect(404));
      const missingType = expectMatchesSpec(await api().post(url).set(bearer(th.token)).send({ outcome: 'agreement' }).expect(400));
      expect(missingType.body.message).toContain('agreementType must be one of: licence, joint-venture, joint-rd, technical-services, sale');
      expectMatchesSpec(await api().post(url).set(bearer(th.token)).send({ outcome: 'nda', agreementType: 'licence' }).expect(400));
      const unknown = expectMatchesSpec(await api().post(url).set(bearer(th.token)).send({ outcome: 'handshake' }).expect(400));
      expect(unknown.body.message).toContain('outcome must be one of: no-follow-up, follow-up, nda, loi, agreement');

      expectMatchesSpec(await api().post(url).set(bearer(th.token)).send({ outcome: 'nda' }).expect(200));
      const changed = expectMatchesSpec(await api().post(url).set(bearer(th.token)).send({ outcome: 'agreement', agreementType: 'licence', note: 'ลงนามแล้ว' }).expect(200));
      expect(changed.body).toMatchObject({ side: 'need', outcome: 'agreement', agreementType: 'licence', note: 'ลงนามแล้ว' });
      expectMatchesSpec(await api().post(url).set(bearer(cn1.token)).send({ outcome: 'agreement', agreementType: 'licence' }).expect(200));
      const withCn2 = agenda.meetings.find((m: { counterpart: { partyId: string } }) => m.counterpart.partyId === cn2.partyId);
      expectMatchesSpec(await api().post(`/api/v1/meetings/${withCn2.id}/outcome`).set(bearer(cn2.token)).send({ outcome: 'follow-up' }).expect(200));

      const mine = await agendaOf(th, sessionId);
      expect(mine.meetings.find((m: { id: string }) => m.id === withCn1.id).outcome).toMatchObject({ outcome: 'agreement', agreementType: 'licence' });

      const stats = expectMatchesSpec(await api().get(`/api/v1/admin/meetings/stats?sessionId=${sessionId}`).set(bearer(admin.token)).expect(200));
      expect(stats.body).toMatchObject({ meetings: { confirmed: 3 }, withOutcome: 2, outcomes: { agreement: 2, 'follow-up': 1, nda: 0 } });
      expect(stats.body.agreements).toMatchObject({ total: 1, confirmedByBoth: 1 });
      expect(stats.body.agreements.byType).toContainEqual({ type: 'licence', count: 1 });
      expect(stats.body.agreements.bySector).toContainEqual({ sector: 'sustainable-development', count: 1 });
      expect(stats.body.agreements.byCountryPair).toEqual([{ pair: 'CN-TH', count: 1 }]);
      expectMatchesSpec(await api().get('/api/v1/admin/meetings/stats').set(bearer(th.token)).expect(403));

      const funnel = expectMatchesSpec(await api().get('/api/v1/admin/stats').set(bearer(admin.token)).expect(200));
      expect(funnel.body.funnel.total).toMatchObject({ scheduled: 3, agreements: 1 });
      expect(funnel.body.funnel.byCountryPair.find((p: { pair: string }) => p.pair === 'CN-TH')).toMatchObject({ scheduled: 2, agreements: 1 });

      const audit = expectMatchesSpec(await api().get(`/api/v1/admin/audit?objectType=session&objectId=${sessionId}`).set(bearer(admin.token)).expect(200));
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['session.created', 'session.schedule-requested', 'session.scheduled', 'session.published']),
      );
    });
  });

  describe('cancellation and re-planning', () => {
    it('fills the freed place from the waiting list without moving confirmed meetings', async () => {
      const [a, b, c, d, e, f] = await Promise.all(['CN', 'TH', 'CN', 'VN', 'CN', 'ID'].map((country) => registerMember(stack.http, { country, languages: ['en'] })));
      const ab = await insertApprovedMatch(stack.dataSource, a.partyId, b.partyId, { score: 0.9, offerPreference: 'must-meet' });
      const cd = await insertApprovedMatch(stack.dataSource, c.partyId, d.partyId, { score: 0.8, offerPreference: 'meet' });
      const ef = await insertApprovedMatch(stack.dataSource, e.partyId, f.partyId, { score: 0.7 });
      // Tomorrow: parties may still cancel. One table, two slots: ef waits.
      const session = await createSession(stack.http, admin.token, sessionBody({ tables: 1 }, { startsAt: new Date(Date.now() + 24 * HOUR), slots: 2 }));
      const first = await schedule(session.id);
      expect(first.lastSchedule).toMatchObject({ placed: 2, waiting: { 'crowded-out': 1 } });
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${session.id}/publish`).set(bearer(admin.token)).expect(200));

      const before = (await api().get(`/api/v1/admin/sessions/${session.id}/meetings`).set(bearer(admin.token)).expect(200)).body.items;
      const meetingOf = (items: { matchId: string }[], matchId: string) => items.find((m) => m.matchId === matchId) as { id: string; slot: number; table: number; status: string } | undefined;
      const abMeeting = meetingOf(before, ab.matchId)!;
      const cdMeeting = meetingOf(before, cd.matchId)!;
      expect(meetingOf(before, ef.matchId)).toBeUndefined();

      expectMatchesSpec(await api().post(`/api/v1/meetings/${abMeeting.id}/outcome`).set(bearer(a.token)).send({ outcome: 'follow-up' }).expect(409));
      expectMatchesSpec(await api().post(`/api/v1/meetings/${abMeeting.id}/cancel`).set(bearer(e.token)).send({}).expect(404));
      expectMatchesSpec(await api().post(`/api/v1/meetings/${abMeeting.id}/cancel`).set(bearer(b.token)).send({ reason: 'flight cancelled' }).expect(200));
      expectMatchesSpec(await api().post(`/api/v1/meetings/${abMeeting.id}/cancel`).set(bearer(a.token)).send({}).expect(409));
      expect((await agendaOf(a, session.id)).meetings).toMatchObject([{ id: abMeeting.id, status: 'cancelled' }]);

      const replanned = await schedule(session.id, 'replan');
      expect(replanned.lastSchedule).toMatchObject({ mode: 'replan', kept: 1, placed: 1 });
      const after = (await api().get(`/api/v1/admin/sessions/${session.id}/meetings`).set(bearer(admin.token)).expect(200)).body.items;
      const page1 = expectMatchesSpec(await api().get(`/api/v1/admin/sessions/${session.id}/meetings?limit=2`).set(bearer(admin.token)).expect(200));
      const page2 = expectMatchesSpec(await api().get(`/api/v1/admin/sessions/${session.id}/meetings?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(admin.token)).expect(200));
      expect([...page1.body.items, ...page2.body.items].map((m: { id: string }) => m.id)).toEqual(after.map((m: { id: string }) => m.id));
      expect(page2.body.nextCursor).toBeNull();
      expect(meetingOf(after, cd.matchId)).toMatchObject({ id: cdMeeting.id, slot: cdMeeting.slot, table: cdMeeting.table, status: 'confirmed' });
      expect(meetingOf(after, ef.matchId)).toMatchObject({ slot: abMeeting.slot, table: abMeeting.table, status: 'draft' });
      // The cancelled pair is not brought back.
      expect(after.filter((m: { matchId: string }) => m.matchId === ab.matchId).map((m: { status: string }) => m.status)).toEqual(['cancelled']);

      // Parties see the new meeting once it is published.
      expect((await agendaOf(e, session.id)).meetings).toEqual([]);
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${session.id}/publish`).set(bearer(admin.token)).expect(200).expect((r) => expect(r.body.confirmed).toBe(1)));
      expect((await agendaOf(e, session.id)).meetings).toMatchObject([{ status: 'confirmed', counterpart: { partyId: f.partyId } }]);
      // A full run on a published session keeps the confirmed meetings too.
      await schedule(session.id);
      const final = (await api().get(`/api/v1/admin/sessions/${session.id}/meetings?status=confirmed`).set(bearer(admin.token)).expect(200)).body.items;
      expect(final.map((m: { id: string }) => m.id).sort()).toEqual([cdMeeting.id, meetingOf(after, ef.matchId)!.id].sort());
    });
  });

  describe('concurrency', () => {
    it('runs one schedule when the same session is scheduled many times at once', async () => {
      const parties = await Promise.all(['CN', 'TH', 'CN', 'VN'].map((country) => registerMember(stack.http, { country, languages: ['en'] })));
      const mine = [
        (await insertApprovedMatch(stack.dataSource, parties[0].partyId, parties[1].partyId)).matchId,
        (await insertApprovedMatch(stack.dataSource, parties[2].partyId, parties[3].partyId)).matchId,
      ];
      const session = await createSession(stack.http, admin.token, sessionBody());
      // No run may start until all six requests are answered: a run finishing in between would
      // rightly release the session, and a late request would then start a second, legitimate run.
      // The queue is paused, not the worker: a paused worker still takes the job its pending fetch
      // returns (under CI load, that run finished early and a second request won, legitimately).
      const schedulingQueue = stack.queues.find((queue) => queue.name === QueueName.Scheduling)!;
      await schedulingQueue.pause();
      const responses = await Promise.all(Array.from({ length: 6 }, () => api().post(`/api/v1/admin/sessions/${session.id}/schedule`).set(bearer(admin.token)).send({}))).finally(
        () => schedulingQueue.resume(),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([202, 409, 409, 409, 409, 409]);
      const conflict = responses.find((r) => r.status === 409)!;
      expect(conflict.body.message).toMatch(/already being scheduled by job schedule-/);
      const jobId = responses.find((r) => r.status === 202)!.body.jobId;
      const status = await scheduled(session.id, jobId);
      await waitForQueuesIdle(stack.queues);
      const [{ runs }] = await stack.dataSource.query(
        `SELECT count(*)::int AS runs FROM audit_entries WHERE object_id = $1 AND action = 'session.scheduled'`,
        [session.id],
      );
      expect(runs).toBe(1);
      // Approved matches left waiting by other tests are candidates too; each is placed once.
      const meetings: { match_id: string }[] = await stack.dataSource.query(`SELECT match_id FROM meetings WHERE session_id = $1`, [session.id]);
      expect(meetings).toHaveLength(status.lastSchedule.placed);
      expect(new Set(meetings.map((m) => m.match_id)).size).toBe(meetings.length);
      expect(meetings.map((m) => m.match_id)).toEqual(expect.arrayContaining(mine));
      // Released once done: the next request is accepted.
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${session.id}/schedule`).set(bearer(admin.token)).send({ mode: 'replan' }).expect(202));
      await waitForQueuesIdle(stack.queues);
    });

    it('takes over a hold whose job was lost', async () => {
      const session = await createSession(stack.http, admin.token, sessionBody());
      await stack.dataSource.query(`UPDATE matchmaking_sessions SET schedule_job_id = 'schedule-lost-1' WHERE id = $1`, [session.id]);
      const response = expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${session.id}/schedule`).set(bearer(admin.token)).send({}).expect(202));
      await scheduled(session.id, response.body.jobId);
    });
  });

  describe('sessions and availability', () => {
    it.each([
      [{ endsAt: '2025-09-18T08:00:00+08:00', startsAt: '2025-09-18T09:00:00+08:00' }, 'endsAt must be after startsAt'],
      [{ startsAt: '2025-09-18T09:00:00+08:00', endsAt: '2025-09-18T09:20:00+08:00' }, 'a 30-minute slot does not fit between startsAt and endsAt outside the breaks'],
      [{ tables: 0 }, 'tables must be at least 1'],
      [{ timeZone: 'Asia/Nanning' }, 'timeZone must be an IANA time zone such as Asia/Shanghai or Asia/Bangkok; "Asia/Nanning" is not one'],
      [{ startsAt: '2025-09-18 09:00' }, 'startsAt must be an ISO 8601 date-time with an offset'],
      [{ slotMinutes: 2 }, 'slotMinutes must be at least 5'],
      [{ interpreters: [{ languages: ['zh'], count: 1 }] }, 'interpreters[].languages must name exactly two languages'],
      [{ unknownField: 1 }, 'property unknownField should not exist'],
    ])('refuses %j with 400: %s', async (change, message) => {
      const response = expectMatchesSpec(await api().post('/api/v1/admin/sessions').set(bearer(admin.token)).send({ ...sessionBody(), ...change }).expect(400));
      expect(response.body.message).toContain(message);
    });

    it('is for admins to create; members read sessions in local time and give their availability', async () => {
      const member = await registerMember(stack.http, { country: 'TH', languages: ['th', 'en'] });
      const partner = await registerMember(stack.http, { country: 'CN', languages: ['en'] });
      expectMatchesSpec(await api().post('/api/v1/admin/sessions').set(bearer(member.token)).send(sessionBody()).expect(403));
      const start = new Date(Date.now() + 48 * HOUR);
      const session = await createSession(stack.http, admin.token, sessionBody({ timeZone: 'Asia/Bangkok' }, { startsAt: start, slots: 4 }));
      const seen = expectMatchesSpec(await api().get(`/api/v1/sessions/${session.id}`).set(bearer(member.token)).expect(200));
      expect(seen.body.startsAt).toMatch(/\+07:00$/);
      expect(seen.body.scheduling).toBeUndefined();
      const listed = expectMatchesSpec(await api().get('/api/v1/sessions').set(bearer(member.token)).expect(200));
      expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(session.id);
      const firstPage = expectMatchesSpec(await api().get('/api/v1/admin/sessions?limit=1').set(bearer(admin.token)).expect(200));
      const secondPage = expectMatchesSpec(await api().get(`/api/v1/admin/sessions?limit=1&cursor=${firstPage.body.nextCursor}`).set(bearer(admin.token)).expect(200));
      expect(secondPage.body.items).toHaveLength(1);
      expect(secondPage.body.items[0].id).not.toBe(firstPage.body.items[0].id);
      expect(firstPage.body.items[0]).toMatchObject({ meetings: expect.any(Object), scheduling: { running: expect.any(Boolean) } });

      const url = `/api/v1/sessions/${session.id}/availability`;
      expect((await api().get(url).set(bearer(member.token)).expect(200)).body).toMatchObject({ slots: [0, 1, 2, 3], restricted: false, maxMeetings: null });
      expectMatchesSpec(await api().put(url).set(bearer(member.token)).send({ slots: [7] }).expect(400));
      expectMatchesSpec(await api().put(url).set(bearer(member.token)).send({ slots: [1], ranges: [] }).expect(400));
      // The last hour of the session, given in Nanning time: slots 2 and 3.
      const lastHour = { startsAt: nanning(new Date(start.getTime() + HOUR)), endsAt: nanning(new Date(start.getTime() + 2 * HOUR)) };
      const set = expectMatchesSpec(await api().put(url).set(bearer(member.token)).send({ ranges: [lastHour], maxMeetings: 1 }).expect(200));
      expect(set.body).toMatchObject({ slots: [2, 3], restricted: true, maxMeetings: 1 });
      expectMatchesSpec(await api().put(`/api/v1/admin/sessions/${session.id}/parties/${partner.partyId}/availability`).set(bearer(admin.token)).send({ slots: [0, 3] }).expect(200));

      await insertApprovedMatch(stack.dataSource, partner.partyId, member.partyId, { score: 0.9 });
      await insertApprovedMatch(stack.dataSource, partner.partyId, member.partyId, { score: 0.8 });
      const result = await schedule(session.id);
      // Both available only in slot 3, and the member takes one meeting at most.
      expect(result.lastSchedule).toMatchObject({ placed: 1, waiting: { 'crowded-out': 1 } });
      const agenda = expectMatchesSpec(await api().get(`/api/v1/sessions/${session.id}/agenda?partyId=${member.partyId}`).set(bearer(admin.token)).expect(200));
      expect(agenda.body.meetings.map((m: { slot: number }) => m.slot)).toEqual([3]);
    });

    it('answers 404 for a session that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expectMatchesSpec(await api().get(`/api/v1/sessions/${missing}`).set(bearer(admin.token)).expect(404));
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${missing}/schedule`).set(bearer(admin.token)).send({}).expect(404));
      expectMatchesSpec(await api().post(`/api/v1/admin/sessions/${missing}/publish`).set(bearer(admin.token)).expect(404));
    });
  });
});
