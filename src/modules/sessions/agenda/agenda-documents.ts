import { stringify } from 'csv-stringify/sync';
import ical, { ICalCalendarMethod, ICalDayJsStub, ICalEventStatus } from 'ical-generator';
import { vtimezone } from '../time/vtimezone';
import { localDateAndTime, wallTime } from '../time/zoned-time';

/** What an agenda shows of one meeting, from one party's side. */
export interface AgendaMeeting {
  id: string;
  status: 'draft' | 'confirmed' | 'cancelled';
  slot: number;
  table: number;
  startsAt: Date;
  endsAt: Date;
  side: 'offer' | 'need';
  counterpart: { partyId: string; name: string; country: string };
  offer: { id: string; title: string };
  need: { id: string; title: string };
  interpreter: string | null;
}

export interface AgendaSession {
  id: string;
  name: string;
  venue: string | null;
  timeZone: string;
}

/** One row of the admin's list of every meeting of a session. */
export interface SessionMeetingRow {
  id: string;
  status: string;
  slot: number;
  table: number;
  startsAt: Date;
  endsAt: Date;
  priority: number;
  interpreter: string | null;
  offerParty: { id: string; name: string; country: string };
  needParty: { id: string; name: string; country: string };
  offer: { id: string; title: string };
  need: { id: string; title: string };
}

/**
 * An instant that ical-generator writes as wall time in a given zone. Handed a plain Date, it would
 * write the server process's local time next to the TZID; its day.js path asks the value itself.
 */
class ZonedInstant implements ICalDayJsStub {
  constructor(
    private readonly instant: Date,
    private readonly zone: string,
  ) {}

  tz(zone?: string): ZonedInstant {
    return new ZonedInstant(this.instant, zone ?? this.zone);
  }

  utc(): ZonedInstant {
    return new ZonedInstant(this.instant, 'UTC');
  }

  format(format?: string): string {
    const wall = wallTime(this.instant, this.zone);
    const pad = (value: number, width = 2) => String(value).padStart(width, '0');
    if (format === 'YYYYMMDD') return `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}`;
    if (format === 'HHmmss') return `${pad(wall.hour)}${pad(wall.minute)}${pad(wall.second)}`;
    return this.instant.toISOString();
  }

  isValid(): boolean {
    return !Number.isNaN(this.instant.getTime());
  }

  toDate(): Date {
    return new Date(this.instant);
  }

  toJSON(): string {
    return this.instant.toISOString();
  }
}

/**
 * The party's agenda as iCalendar: each meeting an event in the venue's zone, with a VTIMEZONE for
 * that zone; cancelled meetings stay as CANCELLED so calendars that imported them drop them.
 */
export function agendaCalendar(session: AgendaSession, partyName: string, meetings: readonly AgendaMeeting[]): string {
  const zone = session.timeZone;
  const first = meetings.length ? meetings[0].startsAt : new Date();
  const last = meetings.length ? meetings[meetings.length - 1].endsAt : first;
  const calendar = ical({
    name: `${session.name} — ${partyName}`,
    prodId: { company: 'techbridge', product: 'agenda', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone name: with one, ical-generator would write DTSTAMP without its "Z".
    timezone: { name: null, generator: (tz) => vtimezone(tz, first, last) },
  });
  calendar.x('X-WR-TIMEZONE', zone);
  for (const meeting of meetings) {
    const where = session.venue ? `${session.venue}, table ${meeting.table}` : `Table ${meeting.table}`;
    const description = [
      `Offer: ${meeting.offer.title}`,
      `Need: ${meeting.need.title}`,
      `With: ${meeting.counterpart.name} (${meeting.counterpart.country})`,
      meeting.interpreter ? `Interpreter: ${meeting.interpreter}` : null,
    ]
      .filter((line) => line !== null)
      .join('\n');
    calendar.createEvent({
      id: `${meeting.id}@techbridge`,
      sequence: meeting.status === 'cancelled' ? 1 : 0,
      start: new ZonedInstant(meeting.startsAt, zone),
      end: new ZonedInstant(meeting.endsAt, zone),
      timezone: zone,
      summary: `Meeting with ${meeting.counterpart.name} — table ${meeting.table}`,
      description,
      location: where,
      status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : meeting.status === 'draft' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** A cell a spreadsheet would run as a formula (party names and titles are typed by users). */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const CSV_OPTIONS = { bom: true, header: true, record_delimiter: 'windows' } as const;

/** UTF-8 with a BOM and CRLF, as Excel needs for Chinese and Thai; times in the venue's zone. */
export function agendaCsv(session: AgendaSession, meetings: readonly AgendaMeeting[]): string {
  const rows = meetings.map((meeting) => {
    const start = localDateAndTime(meeting.startsAt, session.timeZone);
    const end = localDateAndTime(meeting.endsAt, session.timeZone);
    return {
      date: start.date,
      start: start.time,
      end: end.time,
      timeZone: session.timeZone,
      table: meeting.table,
      status: meeting.status,
      counterpart: cell(meeting.counterpart.name),
      country: meeting.counterpart.country,
      offer: cell(meeting.offer.title),
      need: cell(meeting.need.title),
      interpreter: meeting.interpreter ?? '',
      meetingId: meeting.id,
    };
  });
  return stringify(rows, { ...CSV_OPTIONS, columns: ['date', 'start', 'end', 'timeZone', 'table', 'status', 'counterpart', 'country', 'offer', 'need', 'interpreter', 'meetingId'] });
}

export function sessionMeetingsCsv(session: AgendaSession, meetings: readonly SessionMeetingRow[]): string {
  const rows = meetings.map((meeting) => {
    const start = localDateAndTime(meeting.startsAt, session.timeZone);
    const end = localDateAndTime(meeting.endsAt, session.timeZone);
    return {
      slot: meeting.slot,
      date: start.date,
      start: start.time,
      end: end.time,
      timeZone: session.timeZone,
      table: meeting.table,
      status: meeting.status,
      offerParty: cell(meeting.offerParty.name),
      offerCountry: meeting.offerParty.country,
      needParty: cell(meeting.needParty.name),
      needCountry: meeting.needParty.country,
      offer: cell(meeting.offer.title),
      need: cell(meeting.need.title),
      interpreter: meeting.interpreter ?? '',
      priority: meeting.priority,
      meetingId: meeting.id,
    };
  });
  return stringify(rows, {
    ...CSV_OPTIONS,
    columns: ['slot', 'date', 'start', 'end', 'timeZone', 'table', 'status', 'offerParty', 'offerCountry', 'needParty', 'needCountry', 'offer', 'need', 'interpreter', 'priority', 'meetingId'],
  });
}
