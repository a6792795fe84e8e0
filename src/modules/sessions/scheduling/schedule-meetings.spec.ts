import fc from 'fast-check';
import { exactBestPriority } from './exact-schedule';
import { scheduleMeetings } from './schedule-meetings';
import { CandidateMeeting, FixedMeeting, ScheduleResult, SchedulingParty, SchedulingProblem } from './scheduling.types';
import { schedulingUpperBound } from './upper-bound';
import { verifySchedule } from './verify-schedule';

const party = (id: string, extra: Partial<SchedulingParty> = {}): SchedulingParty => ({ id, languages: ['en'], ...extra });
const meeting = (id: string, a: string, b: string, priority: number): CandidateMeeting => ({ id, parties: [a, b], priority });

function problem(overrides: Partial<SchedulingProblem>): SchedulingProblem {
  return { slotCount: 2, tableCount: 2, parties: [], interpreters: [], candidates: [], ...overrides };
}

function placedIds(result: ScheduleResult): string[] {
  return result.placed.map((m) => m.id).sort();
}

describe('scheduleMeetings', () => {
  it.each([
    {
      name: 'a party in two meetings meets in two different slots',
      problem: problem({ parties: [party('A'), party('B'), party('C')], candidates: [meeting('AB', 'A', 'B', 3), meeting('AC', 'A', 'C', 2)] }),
      placed: ['AB', 'AC'],
    },
    {
      name: 'more meetings than tables: the highest priorities win',
      problem: problem({
        slotCount: 1,
        tableCount: 2,
        parties: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => party(id)),
        candidates: [meeting('AB', 'A', 'B', 1), meeting('CD', 'C', 'D', 5), meeting('EF', 'E', 'F', 3)],
      }),
      placed: ['CD', 'EF'],
    },
    {
      name: 'a party available in no slot of the other waits',
      problem: problem({ parties: [party('A', { availableSlots: [0] }), party('B', { availableSlots: [1] })], candidates: [meeting('AB', 'A', 'B', 4)] }),
      placed: [],
    },
    {
      name: 'a party at its maximum takes only its best meetings',
      problem: problem({
        slotCount: 3,
        parties: [party('A', { maxMeetings: 1 }), party('B'), party('C')],
        candidates: [meeting('AB', 'A', 'B', 2), meeting('AC', 'A', 'C', 3)],
      }),
      placed: ['AC'],
    },
    {
      name: 'no common language and no interpreter: never placed',
      problem: problem({ parties: [party('A', { languages: ['zh'] }), party('B', { languages: ['th'] })], candidates: [meeting('AB', 'A', 'B', 9)] }),
      placed: [],
    },
    {
      name: 'one zh-th interpreter serves one meeting per slot',
      problem: problem({
        slotCount: 1,
        tableCount: 5,
        parties: [party('A', { languages: ['zh-Hans'] }), party('B', { languages: ['th'] }), party('C', { languages: ['zh'] }), party('D', { languages: ['th', 'en'] })],
        interpreters: [{ languages: ['th', 'zh'], count: 1 }],
        candidates: [meeting('AB', 'A', 'B', 2), meeting('CD', 'C', 'D', 3)],
      }),
      placed: ['CD'],
    },
    {
      name: 'a party that gave no languages is assumed to manage',
      problem: problem({ parties: [party('A', { languages: [] }), party('B', { languages: ['th'] })], candidates: [meeting('AB', 'A', 'B', 1)] }),
      placed: ['AB'],
    },
  ])('$name', ({ problem: instance, placed }) => {
    const result = scheduleMeetings(instance);
    expect(verifySchedule(instance, result)).toEqual([]);
    expect(placedIds(result)).toEqual(placed.sort());
  });

  it('says why each meeting waits', () => {
    const instance = problem({
      slotCount: 1,
      tableCount: 1,
      parties: [party('A', { languages: ['zh'] }), party('B', { languages: ['th'] }), party('C', { availableSlots: [] }), party('D'), party('E'), party('F')],
      candidates: [meeting('AB', 'A', 'B', 5), meeting('CD', 'C', 'D', 5), meeting('DE', 'D', 'E', 4), meeting('EF', 'E', 'F', 3)],
    });
    const result = scheduleMeetings(instance);
    expect(result.placed.map((m) => m.id)).toEqual(['DE']);
    expect(result.waiting).toEqual([
      { id: 'AB', priority: 5, reason: 'no-shared-language' },
      { id: 'CD', priority: 5, reason: 'no-common-slot' },
      { id: 'EF', priority: 3, reason: 'crowded-out' },
    ]);
  });

  it('improves on greedy: moves a placed meeting to free the only slot another pair shares', () => {
    // Greedy puts AC (the best) in slot 0, the least crowded and earliest; AB can only meet in slot 0.
    const instance = problem({
      slotCount: 2,
      tableCount: 2,
      parties: [party('A'), party('B', { availableSlots: [0] }), party('C')],
      candidates: [meeting('AC', 'A', 'C', 10), meeting('AB', 'A', 'B', 9)],
    });
    const greedy = scheduleMeetings(instance, { improve: false });
    expect(placedIds(greedy)).toEqual(['AC']);
    const result = scheduleMeetings(instance);
    expect(placedIds(result)).toEqual(['AB', 'AC']);
    expect(result.placed.find((m) => m.id === 'AC')!.slot).toBe(1);
    expect(result).toMatchObject({ greedyPriority: 10, totalPriority: 19, improvements: 1 });
  });

  it('gives up a lesser meeting when a better one needs its place', () => {
    // One table per slot. Greedy seats CD (6) in slot 0, then AB (5) finds A's only slot taken and
    // EF (4) takes slot 1. Better: CD to slot 1, AB in slot 0, EF waits (5 + 6 > 6 + 4).
    const instance = problem({
      slotCount: 2,
      tableCount: 1,
      parties: [party('A', { availableSlots: [0] }), party('B'), party('C'), party('D'), party('E'), party('F')],
      candidates: [meeting('CD', 'C', 'D', 6), meeting('AB', 'A', 'B', 5), meeting('EF', 'E', 'F', 4)],
    });
    expect(placedIds(scheduleMeetings(instance, { improve: false }))).toEqual(['CD', 'EF']);
    const result = scheduleMeetings(instance);
    expect(placedIds(result)).toEqual(['AB', 'CD']);
    expect(result).toMatchObject({ greedyPriority: 10, totalPriority: 11 });
    expect(result.waiting).toEqual([{ id: 'EF', priority: 4, reason: 'crowded-out' }]);
  });

  it('frees a party by displacing one meeting, then fills the room it leaves', () => {
    // B sits in one meeting at most and is only free in slot 0. Greedy gives B to BC (9.7), so AB
    // (9.1) cannot meet; displacing BC seats AB, and C, now free, meets D instead (9.1 + 6.5 > 9.7).
    const instance = problem({
      slotCount: 3,
      parties: [party('A', { availableSlots: [0] }), party('B', { maxMeetings: 1 }), party('C', { maxMeetings: 1 }), party('D')],
      candidates: [meeting('BC', 'B', 'C', 9.7), meeting('AB', 'A', 'B', 9.1), meeting('CD', 'C', 'D', 6.5)],
    });
    expect(scheduleMeetings(instance, { improve: false }).totalPriority).toBe(9.7);
    expect(placedIds(scheduleMeetings(instance))).toEqual(['AB', 'CD']);
  });

  it('gives the same agenda for the same input', () => {
    const instance = randomInstance(7, 30, 120, 6, 5);
    expect(scheduleMeetings(instance)).toEqual(scheduleMeetings(instance));
  });

  it('never moves fixed meetings and fills a freed place from the waiting list', () => {
    const instance = problem({
      slotCount: 2,
      tableCount: 1,
      parties: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => party(id)),
      candidates: [meeting('AB', 'A', 'B', 5), meeting('CD', 'C', 'D', 4), meeting('EF', 'E', 'F', 3)],
    });
    const first = scheduleMeetings(instance);
    expect(placedIds(first)).toEqual(['AB', 'CD']);
    // AB is cancelled; CD stays where it is; the waiting EF takes the freed place.
    const cd = first.placed.find((m) => m.id === 'CD')!;
    const fixed: FixedMeeting[] = [{ id: 'CD', parties: ['C', 'D'], slot: cd.slot, table: cd.table, interpreter: null }];
    const replan = scheduleMeetings({ ...instance, fixed, candidates: [meeting('EF', 'E', 'F', 3)] });
    expect(replan.placed).toEqual([{ id: 'EF', slot: 1 - cd.slot, table: 1, interpreter: null, priority: 3 }]);
  });

  it('hands out free table numbers around fixed meetings', () => {
    const instance = problem({
      slotCount: 1,
      tableCount: 3,
      parties: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => party(id)),
      fixed: [{ id: 'AB', parties: ['A', 'B'], slot: 0, table: 2, interpreter: null }],
      candidates: [meeting('CD', 'C', 'D', 2), meeting('EF', 'E', 'F', 1)],
    });
    const result = scheduleMeetings(instance);
    expect(result.placed.map((m) => [m.id, m.table])).toEqual([
      ['CD', 1],
      ['EF', 3],
    ]);
  });

  it('refuses inconsistent input with a clear error', () => {
    expect(() => scheduleMeetings(problem({ parties: [party('A')], candidates: [meeting('AX', 'A', 'X', 1)] }))).toThrow(/unknown party X/);
    expect(() => scheduleMeetings(problem({ parties: [party('A')], candidates: [meeting('AA', 'A', 'A', 1)] }))).toThrow(/both sides/);
    expect(() => scheduleMeetings(problem({ tableCount: 0 }))).toThrow(/tableCount/);
    expect(() =>
      scheduleMeetings(
        problem({
          parties: [party('A'), party('B'), party('C')],
          fixed: [
            { id: 'AB', parties: ['A', 'B'], slot: 0, table: 1, interpreter: null },
            { id: 'AC', parties: ['A', 'C'], slot: 0, table: 2, interpreter: null },
          ],
        }),
      ),
    ).toThrow(/both have party A in slot 0/);
  });
});

describe('scheduleMeetings on random instances (fast-check)', () => {
  it('never double-books a party or a table, keeps availability, maximums and interpreters, and never falls below greedy or above the bound', () => {
    fc.assert(
      fc.property(instanceArbitrary({ parties: 14, candidates: 45, slots: 6, tables: 4 }), (instance) => {
        const result = scheduleMeetings(instance);
        expect(verifySchedule(instance, result)).toEqual([]);
        const greedy = scheduleMeetings(instance, { improve: false });
        expect(verifySchedule(instance, greedy)).toEqual([]);
        expect(result.greedyPriority).toBeCloseTo(greedy.totalPriority, 6);
        expect(result.totalPriority).toBeGreaterThanOrEqual(greedy.totalPriority - 1e-9);
        expect(result.totalPriority).toBeLessThanOrEqual(schedulingUpperBound(instance).bound + 1e-6);
        // Maximal: no waiting meeting fits anywhere as the agenda stands.
        for (const waiting of result.waiting) expect(fitsDirectly(instance, result, waiting.id)).toBe(false);
      }),
      { numRuns: 300, seed: 20250918 },
    );
  });

  it('re-planning keeps every fixed meeting and still keeps every constraint', () => {
    fc.assert(
      fc.property(instanceArbitrary({ parties: 12, candidates: 40, slots: 5, tables: 3 }), fc.infiniteStream(fc.boolean()), (instance, coin) => {
        const first = scheduleMeetings(instance);
        const byId = new Map(instance.candidates.map((c) => [c.id, c]));
        const kept = first.placed.filter(() => coin.next().value);
        const cancelled = new Set(first.placed.filter((m) => !kept.includes(m)).map((m) => m.id));
        const fixed: FixedMeeting[] = kept.map((m) => ({ id: m.id, parties: byId.get(m.id)!.parties, slot: m.slot, table: m.table, interpreter: m.interpreter }));
        const replanned = { ...instance, fixed, candidates: instance.candidates.filter((c) => !cancelled.has(c.id) && !kept.some((m) => m.id === c.id)) };
        const result = scheduleMeetings(replanned);
        expect(verifySchedule(replanned, result)).toEqual([]);
        expect(result.placed.some((m) => kept.some((k) => k.id === m.id))).toBe(false);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('matches the exact optimum on most small instances and comes close on the rest; the bound is never below it', () => {
    const ratios: number[] = [];
    fc.assert(
      fc.property(instanceArbitrary({ parties: 7, candidates: 10, slots: 3, tables: 2 }), (instance) => {
        const exact = exactBestPriority(instance);
        const result = scheduleMeetings(instance);
        expect(result.totalPriority).toBeLessThanOrEqual(exact + 1e-6);
        expect(schedulingUpperBound(instance).bound).toBeGreaterThanOrEqual(exact - 1e-6);
        ratios.push(exact === 0 ? 1 : result.totalPriority / exact);
      }),
      { numRuns: 400, seed: 42 },
    );
    const optimal = ratios.filter((r) => r > 1 - 1e-9).length / ratios.length;
    expect(optimal).toBeGreaterThanOrEqual(0.97);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(0.8);
  });
});

describe('schedulingUpperBound', () => {
  it('is the best priorities that fit the tables when nothing else binds', () => {
    const instance = problem({
      slotCount: 1,
      tableCount: 2,
      parties: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => party(id)),
      candidates: [meeting('AB', 'A', 'B', 1), meeting('CD', 'C', 'D', 5), meeting('EF', 'E', 'F', 3)],
    });
    expect(schedulingUpperBound(instance)).toMatchObject({ bound: 8, tablesBound: 8, capacity: 2 });
  });

  it('sees that a party can meet only once per slot', () => {
    // A star around A: one slot, plenty of tables, but A sits in one meeting only.
    const instance = problem({
      slotCount: 1,
      tableCount: 5,
      parties: ['A', 'B', 'C', 'D'].map((id) => party(id)),
      candidates: [meeting('AB', 'A', 'B', 3), meeting('AC', 'A', 'C', 2), meeting('AD', 'A', 'D', 1)],
    });
    expect(schedulingUpperBound(instance).bound).toBe(3);
  });
});

/** A seeded instance of the given size, for the tests that want one at hand. */
function randomInstance(seed: number, parties: number, candidates: number, slots: number, tables: number): SchedulingProblem {
  return fc.sample(instanceArbitrary({ parties, candidates, slots, tables }), { seed, numRuns: 1 })[0];
}

function instanceArbitrary(size: { parties: number; candidates: number; slots: number; tables: number }): fc.Arbitrary<SchedulingProblem> {
  const languages = fc.subarray(['zh', 'th', 'vi', 'en'], { minLength: 0, maxLength: 2 });
  const partyArbitrary = fc.record({
    languages,
    availability: fc.option(fc.array(fc.boolean(), { minLength: size.slots, maxLength: size.slots }), { freq: 3 }),
    maxMeetings: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 3 }),
  });
  return fc
    .record({
      slotCount: fc.integer({ min: 1, max: size.slots }),
      tableCount: fc.integer({ min: 1, max: size.tables }),
      parties: fc.array(partyArbitrary, { minLength: 2, maxLength: size.parties }),
      candidates: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), priority: fc.integer({ min: 0, max: 110 }) }), { maxLength: size.candidates }),
      pools: fc.array(fc.record({ languages: fc.constantFrom<[string, string]>(['zh', 'th'], ['zh', 'vi'], ['th', 'vi']), count: fc.integer({ min: 0, max: 2 }) }), { maxLength: 3 }),
    })
    .map(({ slotCount, tableCount, parties, candidates, pools }) => {
      const n = parties.length;
      return {
        slotCount,
        tableCount,
        parties: parties.map((p, i) => ({
          id: `p${i}`,
          languages: p.languages,
          availableSlots: p.availability === null ? null : p.availability.slice(0, slotCount).flatMap((free, s) => (free ? [s] : [])),
          maxMeetings: p.maxMeetings,
        })),
        interpreters: pools,
        candidates: candidates.map((c, k) => {
          const a = c.a % n;
          const b = (a + 1 + (c.b % (n - 1))) % n;
          return { id: `m${k}`, parties: [`p${a}`, `p${b}`] as [string, string], priority: c.priority / 10 };
        }),
      };
    });
}

/** Whether a waiting candidate could be added as the agenda stands (some slot and table keep every rule). */
function fitsDirectly(instance: SchedulingProblem, result: ScheduleResult, id: string): boolean {
  for (let slot = 0; slot < instance.slotCount; slot++) {
    for (const interpreter of [null, ...instance.interpreters.map((p) => [...p.languages].sort().join('-'))]) {
      const used = new Set(result.placed.filter((m) => m.slot === slot).map((m) => m.table));
      const table = Array.from({ length: instance.tableCount }, (_, t) => t + 1).find((t) => !used.has(t));
      if (table === undefined) continue;
      const trial: ScheduleResult = {
        ...result,
        placed: [...result.placed, { id, slot, table, interpreter, priority: 0 }],
        waiting: result.waiting.filter((m) => m.id !== id),
        totalPriority: result.totalPriority + instance.candidates.find((c) => c.id === id)!.priority,
      };
      if (verifySchedule(instance, trial).length === 0) return true;
    }
  }
  return false;
}
