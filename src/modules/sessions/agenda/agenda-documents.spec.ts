import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { vtimezone } from '../time/vtimezone';
import { AgendaMeeting, agendaCalendar, agendaCsv, sessionMeetingsCsv } from './agenda-documents';

const session = { id: 's1', name: '9th China–ASEAN Technology Transfer Matchmakings', venue: 'Nanning International Convention Centre', timeZone: 'Asia/Shanghai' };

function meetingAt(id: string, startIso: string, minutes: number, extra: Partial<AgendaMeeting> = {}): AgendaMeeting {
  const startsAt = new Date(startIso);
  return {
    id,
    status: 'confirmed',
    slot: 0,
    table: 7,
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * 60_000),
    side: 'offer',
    counterpart: { partyId: 'p2', name: 'Krabi Island Energy Cooperative', country: 'TH' },
    offer: { id: 'o1', title: '海岛光伏微电网成套技术' },
    need: { id: 'n1', title: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ' },
    interpreter: 'th-zh',
    ...extra,
  };
}

/** Parses with ical.js, registering the calendar's own VTIMEZONEs so times convert through them (not through ICU). */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar;
}

describe('agenda as iCalendar', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it('parses with ical.js; each meeting at its local time in the venue zone, with a VTIMEZONE', () => {
    const meetings = [meetingAt('m1', '2025-09-18T01:00:00Z', 30), meetingAt('m2', '2025-09-18T01:30:00Z', 30, { status: 'cancelled', table: 3 })];
    const text = agendaCalendar(session, '广西光伏科技', meetings);
    const calendar = parseCalendar(text);
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Asia/Shanghai']);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first.uid).toBe('m1@techbridge');
    expect(first.startDate.zone?.tzid).toBe('Asia/Shanghai');
    expect(first.startDate.toString()).toBe('2025-09-18T09:00:00');
    expect(first.startDate.toJSDate().toISOString()).toBe('2025-09-18T01:00:00.000Z');
    expect(first.endDate.toJSDate().toISOString()).toBe('2025-09-18T01:30:00.000Z');
    expect(first.location).toBe('Nanning International Convention Centre, table 7');
    expect(first.summary).toBe('Meeting with Krabi Island Energy Cooperative — table 7');
    expect(first.description).toContain('海岛光伏微电网成套技术');
    expect(first.description).toContain('Interpreter: th-zh');
    expect(first.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(second.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    // DTSTAMP must be UTC (RFC 5545 3.8.7.2).
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    expect(text).toMatch(/^DTSTART;TZID=Asia\/Shanghai:20250918T090000\r$/m);
    expect(text).toContain('X-WR-TIMEZONE:Asia/Shanghai');
  });

  it('keeps local times right across a daylight-saving change (Europe/Berlin)', () => {
    const berlin = { ...session, timeZone: 'Europe/Berlin', venue: null };
    // 28 and 31 March 2025 straddle the change to summer time on the 30th.
    const meetings = [meetingAt('w', '2025-03-28T09:00:00Z', 60), meetingAt('s', '2025-03-31T08:00:00Z', 60)];
    const calendar = parseCalendar(agendaCalendar(berlin, 'A', meetings));
    const [winter, summer] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(winter.startDate.toString()).toBe('2025-03-28T10:00:00');
    expect(summer.startDate.toString()).toBe('2025-03-31T10:00:00');
    expect(winter.startDate.toJSDate().toISOString()).toBe('2025-03-28T09:00:00.000Z');
    expect(summer.startDate.toJSDate().toISOString()).toBe('2025-03-31T08:00:00.000Z');
    expect(winter.location).toBe('Table 7');
  });

  it('an empty agenda is still a valid calendar', () => {
    const calendar = parseCalendar(agendaCalendar(session, 'A', []));
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });
});

describe('vtimezone', () => {
  it.each([
    ['Asia/Shanghai', '2025-09-18T01:00:00Z'],
    // A few hours either side of each change: within the hour itself ical.js's own conversion errs
    // (it does the same with the usual RRULE-based Europe/Berlin definition).
    ['Europe/Berlin', '2025-03-29T23:00:00Z'],
    ['Europe/Berlin', '2025-03-30T03:00:00Z'],
    ['Europe/Berlin', '2025-10-25T22:00:00Z'],
    ['Europe/Berlin', '2025-10-26T03:00:00Z'],
    ['America/Sao_Paulo', '2025-06-01T12:00:00Z'],
    ['Australia/Sydney', '2025-04-06T12:00:00Z'],
    ['Australia/Sydney', '2025-04-06T20:00:00Z'],
    ['Australia/Sydney', '2025-10-04T12:00:00Z'],
    ['Australia/Sydney', '2025-10-05T20:00:00Z'],
  ])('%s: ical.js converts %s through it to the same local time as ICU', (zone, iso) => {
    const instant = new Date(iso);
    const component = new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n${vtimezone(zone, instant, instant)}\r\nEND:VCALENDAR`));
    const timezone = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
    const utc = ICAL.Time.fromJSDate(instant, true);
    const local = utc.convertToZone(timezone);
    const icu = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(instant).replace(' ', 'T');
    expect(local.toString()).toBe(icu);
  });

  it('has no daylight part for a zone without daylight saving time', () => {
    const text = vtimezone('Asia/Shanghai', new Date('2025-09-18T00:00:00Z'), new Date('2025-09-19T00:00:00Z'));
    expect(text).not.toContain('DAYLIGHT');
    expect(text).toContain('TZOFFSETTO:+0800');
  });
});

describe('agenda as CSV', () => {
  it('has a BOM, local times, one row per meeting, and keeps Chinese and Thai intact', () => {
    const text = agendaCsv(session, [meetingAt('m1', '2025-09-18T01:00:00Z', 30, { counterpart: { partyId: 'p', name: '=HYPERLINK("x")', country: 'TH' } })]);
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows = parseCsv(text, { bom: true, columns: true });
    expect(rows).toEqual([
      {
        date: '2025-09-18',
        start: '09:00',
        end: '09:30',
        timeZone: 'Asia/Shanghai',
        table: '7',
        status: 'confirmed',
        counterpart: `'=HYPERLINK("x")`,
        country: 'TH',
        offer: '海岛光伏微电网成套技术',
        need: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ',
        interpreter: 'th-zh',
        meetingId: 'm1',
      },
    ]);
  });

  it('lists every meeting of a session for the admin', () => {
    const text = sessionMeetingsCsv(session, [
      {
        id: 'm1',
        status: 'draft',
        slot: 2,
        table: 4,
        startsAt: new Date('2025-09-18T02:00:00Z'),
        endsAt: new Date('2025-09-18T02:30:00Z'),
        priority: 8.75,
        interpreter: null,
        offerParty: { id: 'p1', name: '广西光伏科技', country: 'CN' },
        needParty: { id: 'p2', name: 'Krabi', country: 'TH' },
        offer: { id: 'o', title: 'offer' },
        need: { id: 'n', title: 'need' },
      },
    ]);
    const [row] = parseCsv(text, { bom: true, columns: true });
    expect(row).toMatchObject({ slot: '2', start: '10:00', end: '10:30', table: '4', offerParty: '广西光伏科技', needCountry: 'TH', priority: '8.75', interpreter: '' });
  });
});
