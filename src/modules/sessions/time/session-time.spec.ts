import { sessionSlots, sessionWindowProblems, slotsWithin } from './session-slots';
import { canonicalTimeZone, formatInZone, localDateAndTime, offsetMinutes } from './zoned-time';

const at = (iso: string) => new Date(iso);

describe('zoned time', () => {
  it.each([
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['Asia/Bangkok', 'Asia/Bangkok'],
    ['UTC', 'UTC'],
    ['Mars/Olympus_Mons', null],
    ['+08:00', null],
    ['GMT+8', null],
    ['', null],
  ])('canonicalTimeZone(%p) is %p', (name, expected) => {
    expect(canonicalTimeZone(name)).toBe(expected);
  });

  it.each([
    ['2025-09-18T01:00:00Z', 'Asia/Shanghai', 480, '2025-09-18T09:00:00+08:00'],
    ['2025-09-18T01:00:00Z', 'Asia/Jakarta', 420, '2025-09-18T08:00:00+07:00'],
    ['2025-09-18T01:00:00Z', 'UTC', 0, '2025-09-18T01:00:00+00:00'],
    ['2025-07-01T10:00:00Z', 'Europe/Berlin', 120, '2025-07-01T12:00:00+02:00'],
    ['2025-01-15T10:00:00Z', 'Europe/Berlin', 60, '2025-01-15T11:00:00+01:00'],
    ['2025-01-15T10:00:00Z', 'America/St_Johns', -210, '2025-01-15T06:30:00-03:30'],
    ['2025-12-31T17:30:00Z', 'Asia/Kolkata', 330, '2025-12-31T23:00:00+05:30'],
  ])('%s in %s: offset %p, local %s', (iso, zone, offset, local) => {
    expect(offsetMinutes(at(iso), zone)).toBe(offset);
    expect(formatInZone(at(iso), zone)).toBe(local);
    expect(new Date(formatInZone(at(iso), zone)).toISOString()).toBe(at(iso).toISOString());
  });

  it('gives the printed date and time in the zone, past midnight too', () => {
    expect(localDateAndTime(at('2025-09-18T16:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2025-09-19', time: '00:30' });
  });
});

describe('session slots', () => {
  const window = {
    startsAt: at('2025-09-18T01:00:00Z'), // 09:00 in Nanning
    endsAt: at('2025-09-18T05:00:00Z'), // 13:00
    slotMinutes: 30,
    breaks: [{ startsAt: at('2025-09-18T02:40:00Z'), endsAt: at('2025-09-18T03:00:00Z') }], // 10:40-11:00
  };

  it('runs back to back and restarts after a break that a slot would overlap', () => {
    const slots = sessionSlots(window);
    expect(slots.map((s) => formatInZone(s.startsAt, 'Asia/Shanghai').slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '11:00', '11:30', '12:00', '12:30']);
    expect(slots.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(slots[6].endsAt).toEqual(window.endsAt);
  });

  it.each([
    [{ endsAt: at('2025-09-18T00:00:00Z') }, 'endsAt must be after startsAt'],
    [{ slotMinutes: 300 }, 'a 300-minute slot does not fit between startsAt and endsAt outside the breaks'],
    [{ breaks: [{ startsAt: at('2025-09-18T00:00:00Z'), endsAt: at('2025-09-18T01:30:00Z') }] }, 'breaks[0] must lie within the session'],
    [{ breaks: [{ startsAt: at('2025-09-18T02:00:00Z'), endsAt: at('2025-09-18T01:30:00Z') }] }, 'breaks[0]: endsAt must be after startsAt'],
    [
      {
        breaks: [
          { startsAt: at('2025-09-18T02:00:00Z'), endsAt: at('2025-09-18T02:30:00Z') },
          { startsAt: at('2025-09-18T02:15:00Z'), endsAt: at('2025-09-18T02:45:00Z') },
        ],
      },
      'breaks must not overlap',
    ],
    [{ endsAt: at('2025-10-18T05:00:00Z') }, 'a session lasts at most 14 days'],
    [{ endsAt: at('2025-09-25T05:00:00Z'), slotMinutes: 5 }, '5-minute slots make more than 400 slots; use longer slots or a shorter session'],
  ])('refuses %p: %s', (change, message) => {
    expect(sessionWindowProblems({ ...window, ...change })).toContain(message);
  });

  it('accepts a valid window', () => {
    expect(sessionWindowProblems(window)).toEqual([]);
  });

  it('finds the slots wholly inside availability ranges', () => {
    const slots = sessionSlots(window);
    expect(slotsWithin(slots, [{ startsAt: at('2025-09-18T01:00:00Z'), endsAt: at('2025-09-18T02:15:00Z') }])).toEqual([0, 1]);
    expect(slotsWithin(slots, [{ startsAt: at('2025-09-18T04:00:00Z'), endsAt: at('2025-09-18T06:00:00Z') }])).toEqual([5, 6]);
  });
});
