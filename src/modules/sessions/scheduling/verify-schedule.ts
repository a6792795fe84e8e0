import { poolId, primaryLanguage } from './scheduling-model';
import { ScheduleResult, SchedulingProblem } from './scheduling.types';

/**
 * Every constraint a schedule must keep, checked from the problem as given (not through the
 * scheduler's model), so tests and the benchmark judge the scheduler independently. Returns the
 * violations in words; empty when the schedule is valid.
 */
export function verifySchedule(problem: SchedulingProblem, result: ScheduleResult): string[] {
  const violations: string[] = [];
  const parties = new Map(problem.parties.map((party) => [party.id, party]));
  const candidates = new Map(problem.candidates.map((candidate) => [candidate.id, candidate]));
  const pools = new Map<string, number>();
  for (const pool of problem.interpreters) pools.set(poolId(pool.languages), (pools.get(poolId(pool.languages)) ?? 0) + pool.count);

  const partySlot = new Set<string>();
  const tableSlot = new Set<string>();
  const poolUse = new Map<string, number>();
  const perParty = new Map<string, number>();
  const book = (id: string, members: readonly [string, string], slot: number, table: number, interpreter: string | null) => {
    for (const party of members) {
      const key = `${party}@${slot}`;
      if (partySlot.has(key)) violations.push(`party ${party} has two meetings in slot ${slot} (one is ${id})`);
      partySlot.add(key);
      perParty.set(party, (perParty.get(party) ?? 0) + 1);
    }
    const tableKey = `${table}@${slot}`;
    if (tableSlot.has(tableKey)) violations.push(`table ${table} holds two meetings in slot ${slot} (one is ${id})`);
    tableSlot.add(tableKey);
    if (interpreter !== null) poolUse.set(`${interpreter}@${slot}`, (poolUse.get(`${interpreter}@${slot}`) ?? 0) + 1);
  };
  for (const meeting of problem.fixed ?? []) book(meeting.id, meeting.parties, meeting.slot, meeting.table, meeting.interpreter);

  let total = 0;
  const seen = new Set<string>();
  for (const meeting of result.placed) {
    const candidate = candidates.get(meeting.id);
    if (!candidate) {
      violations.push(`placed meeting ${meeting.id} is no candidate`);
      continue;
    }
    if (seen.has(meeting.id)) violations.push(`meeting ${meeting.id} is placed twice`);
    seen.add(meeting.id);
    total += candidate.priority;
    if (!Number.isInteger(meeting.slot) || meeting.slot < 0 || meeting.slot >= problem.slotCount) violations.push(`meeting ${meeting.id} is in slot ${meeting.slot}`);
    if (!Number.isInteger(meeting.table) || meeting.table < 1 || meeting.table > problem.tableCount) violations.push(`meeting ${meeting.id} is at table ${meeting.table}`);
    const [a, b] = candidate.parties.map((id) => parties.get(id)!);
    for (const party of [a, b]) {
      if (party.availableSlots != null && !party.availableSlots.includes(meeting.slot)) violations.push(`party ${party.id} is not available in slot ${meeting.slot} (${meeting.id})`);
    }
    const la = new Set(a.languages.map(primaryLanguage));
    const lb = new Set(b.languages.map(primaryLanguage));
    const shared = la.size === 0 || lb.size === 0 || [...la].some((language) => lb.has(language));
    if (!shared) {
      const [x, y] = (meeting.interpreter ?? '').split('-');
      const bridges = meeting.interpreter !== null && pools.has(meeting.interpreter) && ((la.has(x) && lb.has(y)) || (la.has(y) && lb.has(x)));
      if (!bridges) violations.push(`meeting ${meeting.id} has no common language and no interpreter for its pair`);
    }
    book(meeting.id, candidate.parties, meeting.slot, meeting.table, meeting.interpreter);
  }
  for (const [key, used] of poolUse) {
    const [pool] = key.split('@');
    if (used > (pools.get(pool) ?? 0)) violations.push(`interpreters ${key}: ${used} meetings for ${pools.get(pool) ?? 0} interpreters`);
  }
  for (const [id, meetings] of perParty) {
    const max = parties.get(id)?.maxMeetings;
    if (max != null && meetings > max) violations.push(`party ${id} has ${meetings} meetings, more than its maximum ${max}`);
  }
  const waiting = new Set(result.waiting.map((meeting) => meeting.id));
  for (const id of candidates.keys()) {
    if (seen.has(id) === waiting.has(id)) violations.push(`candidate ${id} is ${seen.has(id) ? 'both placed and waiting' : 'neither placed nor waiting'}`);
  }
  if (Math.abs(total - result.totalPriority) > 1e-3) violations.push(`totalPriority ${result.totalPriority} is not the placed sum ${total}`);
  return violations;
}
