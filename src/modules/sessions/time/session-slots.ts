export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export interface SessionWindow extends Interval {
  slotMinutes: number;
  breaks: readonly Interval[];
}

export interface Slot extends Interval {
  index: number;
}

/** Enough for a week of 15-minute slots; the scheduler and the agenda stay small. */
export const MAX_SLOTS = 400;
export const MAX_SESSION_DAYS = 14;
const MINUTE = 60_000;

/**
 * The session's meeting slots: back to back from the start, each `slotMinutes` long; a slot that
 * would overlap a break starts after it instead, so a break never cuts a meeting short.
 */
export function sessionSlots(window: SessionWindow): Slot[] {
  const length = window.slotMinutes * MINUTE;
  const breaks = [...window.breaks].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const end = window.endsAt.getTime();
  const slots: Slot[] = [];
  let t = window.startsAt.getTime();
  while (t + length <= end && slots.length <= MAX_SLOTS) {
    const blocking = breaks.find((b) => b.startsAt.getTime() < t + length && b.endsAt.getTime() > t);
    if (blocking) {
      t = blocking.endsAt.getTime();
      continue;
    }
    slots.push({ index: slots.length, startsAt: new Date(t), endsAt: new Date(t + length) });
    t += length;
  }
  return slots;
}

/** What is wrong with a session's times, in words for a 400 answer; empty when nothing is. */
export function sessionWindowProblems(window: SessionWindow): string[] {
  const problems: string[] = [];
  const start = window.startsAt.getTime();
  const end = window.endsAt.getTime();
  if (end <= start) return ['endsAt must be after startsAt'];
  if (end - start > MAX_SESSION_DAYS * 24 * 60 * MINUTE) problems.push(`a session lasts at most ${MAX_SESSION_DAYS} days`);
  window.breaks.forEach((b, i) => {
    if (b.endsAt.getTime() <= b.startsAt.getTime()) problems.push(`breaks[${i}]: endsAt must be after startsAt`);
    else if (b.startsAt.getTime() < start || b.endsAt.getTime() > end) problems.push(`breaks[${i}] must lie within the session`);
  });
  const sorted = [...window.breaks].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].startsAt.getTime() < sorted[i - 1].endsAt.getTime()) {
      problems.push('breaks must not overlap');
      break;
    }
  }
  if (problems.length) return problems;
  const slots = sessionSlots(window);
  if (slots.length === 0) {
    problems.push(`a ${window.slotMinutes}-minute slot does not fit between startsAt and endsAt outside the breaks`);
  } else if (slots.length > MAX_SLOTS) {
    problems.push(`${window.slotMinutes}-minute slots make more than ${MAX_SLOTS} slots; use longer slots or a shorter session`);
  }
  return problems;
}

/** Indexes of the slots lying wholly inside one of the ranges. */
export function slotsWithin(slots: readonly Slot[], ranges: readonly Interval[]): number[] {
  return slots
    .filter((slot) => ranges.some((range) => range.startsAt.getTime() <= slot.startsAt.getTime() && slot.endsAt.getTime() <= range.endsAt.getTime()))
    .map((slot) => slot.index);
}
