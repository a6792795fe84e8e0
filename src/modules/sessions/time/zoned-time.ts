/**
 * Local times in an IANA time zone from Node's ICU (Intl), with no time-zone library: sessions are
 * stored in UTC and shown in the venue's zone.
 */

const IANA_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The canonical spelling of an IANA zone name (`asia/shanghai` → `Asia/Shanghai`), or null if ICU knows no such zone. */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || !IANA_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time at `instant` in `timeZone`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Minutes east of UTC in `timeZone` at `instant` (Asia/Shanghai: 480). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallTime(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `+08:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number, separator = ':'): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

/** ISO 8601 in the zone's local time with its offset: `2025-09-18T09:00:00+08:00` (the same instant, read locally). */
export function formatInZone(instant: Date, timeZone: string): string {
  const wall = wallTime(instant, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${formatOffset(offsetMinutes(instant, timeZone))}`;
}

/** `2025-09-18` and `09:00` in the zone, for people reading a printed agenda. */
export function localDateAndTime(instant: Date, timeZone: string): { date: string; time: string } {
  const wall = wallTime(instant, timeZone);
  return { date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`, time: `${pad(wall.hour)}:${pad(wall.minute)}` };
}
