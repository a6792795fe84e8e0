import { SchedulingProblem, WaitingReason } from './scheduling.types';

/** `zh-Hans-CN` and `zh` are one language for talking across a table. */
export function primaryLanguage(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/** One name per language pair, whatever the order it was given in: `th-zh`. */
export function poolId(languages: readonly [string, string]): string {
  return [primaryLanguage(languages[0]), primaryLanguage(languages[1])].sort().join('-');
}

/**
 * The problem in typed arrays, indexed: meetings 0..fixedCount-1 are the fixed ones, the rest the
 * candidates. Shared by the scheduler, the exact solver and the upper bound, so all three read the
 * constraints the same way.
 */
export interface SchedulingModel {
  slotCount: number;
  tableCount: number;
  partyCount: number;
  partyIds: string[];
  /** partyCount * slotCount: 1 where the party can attend the slot. */
  partyAvailable: Uint8Array;
  /** Meetings a party may have in the session, fixed included. */
  partyCapacity: Int32Array;
  poolIds: string[];
  poolCapacity: Int32Array;
  meetingIds: string[];
  fixedCount: number;
  partyA: Int32Array;
  partyB: Int32Array;
  priority: Float64Array;
  /** null: the parties share a language; otherwise the pools that can interpret (empty: none can). */
  usablePools: (Int32Array | null)[];
  /** Slots both parties can attend, ascending (candidates only; fixed meetings keep theirs). */
  allowedSlots: Int32Array[];
  fixedSlot: Int32Array;
  fixedTable: Int32Array;
  fixedPool: Int32Array;
  /** Why a candidate can never be placed, whatever else happens; null when it can. */
  impossible: (WaitingReason | null)[];
  /** Candidate indexes, highest priority first, ties by id so every run gives the same agenda. */
  order: Int32Array;
}

export function buildSchedulingModel(problem: SchedulingProblem): SchedulingModel {
  const { slotCount, tableCount } = problem;
  if (!Number.isInteger(slotCount) || slotCount < 1) throw new RangeError(`scheduling: slotCount must be a positive integer, got ${slotCount}`);
  if (!Number.isInteger(tableCount) || tableCount < 1) throw new RangeError(`scheduling: tableCount must be a positive integer, got ${tableCount}`);

  const partyIndex = new Map<string, number>();
  problem.parties.forEach((party, i) => {
    if (partyIndex.has(party.id)) throw new RangeError(`scheduling: party ${party.id} is listed twice`);
    partyIndex.set(party.id, i);
  });
  const partyCount = problem.parties.length;
  const partyAvailable = new Uint8Array(partyCount * slotCount);
  const partyCapacity = new Int32Array(partyCount);
  const partyLanguages: Set<string>[] = [];
  problem.parties.forEach((party, p) => {
    if (party.availableSlots == null) {
      partyAvailable.fill(1, p * slotCount, (p + 1) * slotCount);
    } else {
      for (const slot of party.availableSlots) {
        if (!Number.isInteger(slot) || slot < 0 || slot >= slotCount) throw new RangeError(`scheduling: party ${party.id} is available in slot ${slot}, outside 0..${slotCount - 1}`);
        partyAvailable[p * slotCount + slot] = 1;
      }
    }
    const max = party.maxMeetings;
    if (max != null && (!Number.isInteger(max) || max < 0)) throw new RangeError(`scheduling: party ${party.id} has maxMeetings ${max}`);
    partyCapacity[p] = max == null ? slotCount : Math.min(max, slotCount);
    partyLanguages.push(new Set(party.languages.map(primaryLanguage)));
  });

  const poolIndex = new Map<string, number>();
  const poolCounts: number[] = [];
  const poolLanguages: [string, string][] = [];
  for (const pool of problem.interpreters) {
    if (!Number.isInteger(pool.count) || pool.count < 0) throw new RangeError(`scheduling: interpreter count ${pool.count} for ${pool.languages.join('-')}`);
    const id = poolId(pool.languages);
    const existing = poolIndex.get(id);
    if (existing !== undefined) {
      poolCounts[existing] += pool.count;
    } else {
      poolIndex.set(id, poolCounts.length);
      poolCounts.push(pool.count);
      poolLanguages.push(id.split('-') as [string, string]);
    }
  }

  const fixed = problem.fixed ?? [];
  const fixedCount = fixed.length;
  const total = fixedCount + problem.candidates.length;
  const meetingIds: string[] = new Array(total);
  const partyA = new Int32Array(total);
  const partyB = new Int32Array(total);
  const priority = new Float64Array(total);
  const usablePools: (Int32Array | null)[] = new Array(total).fill(null);
  const allowedSlots: Int32Array[] = new Array(total);
  const impossible: (WaitingReason | null)[] = new Array(total).fill(null);
  const fixedSlot = new Int32Array(fixedCount);
  const fixedTable = new Int32Array(fixedCount);
  const fixedPool = new Int32Array(fixedCount).fill(-1);
  const seen = new Set<string>();

  const partyOf = (id: string, meetingId: string) => {
    const index = partyIndex.get(id);
    if (index === undefined) throw new RangeError(`scheduling: meeting ${meetingId} names unknown party ${id}`);
    return index;
  };
  const register = (i: number, id: string, parties: readonly [string, string]) => {
    if (seen.has(id)) throw new RangeError(`scheduling: meeting ${id} is listed twice`);
    seen.add(id);
    meetingIds[i] = id;
    partyA[i] = partyOf(parties[0], id);
    partyB[i] = partyOf(parties[1], id);
    if (partyA[i] === partyB[i]) throw new RangeError(`scheduling: meeting ${id} has party ${parties[0]} on both sides`);
  };

  fixed.forEach((meeting, i) => {
    register(i, meeting.id, meeting.parties);
    if (!Number.isInteger(meeting.slot) || meeting.slot < 0 || meeting.slot >= slotCount) throw new RangeError(`scheduling: fixed meeting ${meeting.id} is in slot ${meeting.slot}`);
    if (!Number.isInteger(meeting.table) || meeting.table < 1) throw new RangeError(`scheduling: fixed meeting ${meeting.id} is at table ${meeting.table}`);
    fixedSlot[i] = meeting.slot;
    fixedTable[i] = meeting.table;
    // A pool removed from the session since is simply no longer counted.
    fixedPool[i] = meeting.interpreter === null ? -1 : (poolIndex.get(meeting.interpreter) ?? -1);
    allowedSlots[i] = Int32Array.of(meeting.slot);
  });

  problem.candidates.forEach((candidate, k) => {
    const i = fixedCount + k;
    register(i, candidate.id, candidate.parties);
    if (!Number.isFinite(candidate.priority) || candidate.priority < 0) throw new RangeError(`scheduling: candidate ${candidate.id} has priority ${candidate.priority}`);
    priority[i] = candidate.priority;
    const a = partyA[i];
    const b = partyB[i];
    const slots: number[] = [];
    for (let s = 0; s < slotCount; s++) {
      if (partyAvailable[a * slotCount + s] && partyAvailable[b * slotCount + s]) slots.push(s);
    }
    allowedSlots[i] = Int32Array.from(slots);
    if (slots.length === 0 || partyCapacity[a] === 0 || partyCapacity[b] === 0) impossible[i] = 'no-common-slot';

    const la = partyLanguages[a];
    const lb = partyLanguages[b];
    const shareLanguage = la.size === 0 || lb.size === 0 || [...la].some((language) => lb.has(language));
    if (!shareLanguage) {
      const pools: number[] = [];
      poolLanguages.forEach(([x, y], u) => {
        if (poolCounts[u] > 0 && ((la.has(x) && lb.has(y)) || (la.has(y) && lb.has(x)))) pools.push(u);
      });
      usablePools[i] = Int32Array.from(pools);
      if (pools.length === 0 && impossible[i] === null) impossible[i] = 'no-shared-language';
    }
  });

  const order = Int32Array.from(problem.candidates.map((_, k) => fixedCount + k)).sort((x, y) => priority[y] - priority[x] || (meetingIds[x] < meetingIds[y] ? -1 : meetingIds[x] > meetingIds[y] ? 1 : 0));

  return {
    slotCount,
    tableCount,
    partyCount,
    partyIds: problem.parties.map((party) => party.id),
    partyAvailable,
    partyCapacity,
    poolIds: [...poolIndex.keys()],
    poolCapacity: Int32Array.from(poolCounts),
    meetingIds,
    fixedCount,
    partyA,
    partyB,
    priority,
    usablePools,
    allowedSlots,
    fixedSlot,
    fixedTable,
    fixedPool,
    impossible,
    order,
  };
}
