import { formatOffset, offsetMinutes } from './zoned-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Observance {
  /** The instant the offset takes effect. */
  at: number;
  from: number;
  to: number;
}

/**
 * An RFC 5545 VTIMEZONE for `timeZone` covering the whole calendar years from `from` to `to`,
 * computed from ICU (Intl), so any IANA zone works, with or without daylight saving time. Each
 * offset change in the range is one observance (no RRULE to get wrong); the first observance
 * opens the range with the offset then in force. An offset above the smallest one in the range is
 * written as DAYLIGHT, the others as STANDARD.
 */
export function vtimezone(timeZone: string, from: Date, to: Date): string {
  const start = Date.UTC(from.getUTCFullYear(), 0, 1);
  const end = Date.UTC(to.getUTCFullYear() + 1, 0, 1);
  const observances: Observance[] = [];
  let previous = offsetMinutes(new Date(start), timeZone);
  observances.push({ at: start, from: previous, to: previous });
  for (let t = start; t < end; t += DAY) {
    const next = offsetMinutes(new Date(t + DAY), timeZone);
    if (next === previous) continue;
    // Offsets change at most once a day in practice; find the minute it happens.
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(new Date(mid), timeZone) === previous) lo = mid;
      else hi = mid;
    }
    observances.push({ at: hi, from: previous, to: next });
    previous = next;
  }
  const standard = Math.min(...observances.map((o) => o.to));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, `X-LIC-LOCATION:${timeZone}`];
  for (const observance of observances) {
    const kind = observance.to > standard ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      // DTSTART is the local time the change happens, read on the clock before it (TZOFFSETFROM).
      `DTSTART:${floating(observance.at + observance.from * 60_000)}`,
      `TZOFFSETFROM:${formatOffset(observance.from, '')}`,
      `TZOFFSETTO:${formatOffset(observance.to, '')}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

function floating(utcMillis: number): string {
  return new Date(utcMillis).toISOString().slice(0, 19).replace(/[-:]/g, '');
}
