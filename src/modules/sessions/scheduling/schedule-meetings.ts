import { buildSchedulingModel, SchedulingModel } from './scheduling-model';
import { PlacedMeeting, ScheduleResult, SchedulingProblem, WaitingMeeting } from './scheduling.types';

export interface ScheduleOptions {
  /** Local improvement after the greedy pass; off only to measure the greedy pass alone. */
  improve?: boolean;
  /** How many meetings an ejection chain may displace in turn before giving up. */
  depth?: number;
  /** Improvement stops between two candidates once this much time has passed. */
  timeLimitMs?: number;
  clock?: () => number;
}

const GAIN_EPSILON = 1e-9;
/** More than this many meetings in the way of one slot: not worth disturbing. */
const MAX_EJECTED = 3;
const NONE = -1;

/**
 * Places candidate meetings into slots so that no party is in two meetings at once, no slot has
 * more meetings than tables, every party's availability and maximum hold, and a pair with no
 * common language only meets when an interpreter for its pair is free in that slot.
 *
 * Tables are interchangeable, so a slot is a capacity; table numbers are handed out at the end.
 * Greedy first (highest priority first, into the least crowded feasible slot), then ejection
 * chains: a waiting meeting takes a slot by displacing the few meetings in its way, which are
 * placed again elsewhere (recursively, to `depth`); the change is kept only if the total priority
 * rises. Fixed meetings are never displaced, so re-planning after a cancellation only fills.
 */
export function scheduleMeetings(problem: SchedulingProblem, options: ScheduleOptions = {}): ScheduleResult {
  const model = buildSchedulingModel(problem);
  const state = new ScheduleState(model);
  state.placeFixed();
  for (const c of model.order) {
    if (model.impossible[c] === null) state.placeDirect(c);
  }
  const greedyPriority = state.total;

  let improvements = 0;
  let timedOut = false;
  if (options.improve ?? true) {
    const clock = options.clock ?? (() => performance.now());
    const deadline = clock() + (options.timeLimitMs ?? 5000);
    const depth = options.depth ?? 2;
    let improved = true;
    while (improved && !timedOut) {
      improved = false;
      for (const c of model.order) {
        if (state.slotOf[c] !== NONE || model.impossible[c] !== null) continue;
        if (clock() > deadline) {
          timedOut = true;
          break;
        }
        if (state.improveWith(c, depth) > GAIN_EPSILON) {
          improvements++;
          improved = true;
        }
      }
    }
  }
  return state.result(greedyPriority, improvements, timedOut);
}

/** The placement, with an undo journal so a tried move can be taken back exactly. */
class ScheduleState {
  readonly slotOf: Int32Array;
  private readonly poolOf: Int32Array;
  /** partyCount * slotCount: the meeting the party is in at that slot, or NONE. */
  private readonly busy: Int32Array;
  private readonly count: Int32Array;
  private readonly slotLoad: Int32Array;
  private readonly slotMembers: number[][];
  private readonly positionInSlot: Int32Array;
  private readonly poolLoad: Int32Array;
  /** Meetings a running chain has placed or is placing: not to be displaced by it. */
  private readonly inChain: Uint8Array;
  /** Per party, its candidate meetings, highest priority first. */
  private readonly incident: number[][];
  /** Flat (op, meeting, slot, pool) entries; op 1 = placed, 0 = removed. */
  private readonly journal: number[] = [];
  total = 0;

  constructor(private readonly model: SchedulingModel) {
    const n = model.meetingIds.length;
    this.slotOf = new Int32Array(n).fill(NONE);
    this.poolOf = new Int32Array(n).fill(NONE);
    this.busy = new Int32Array(model.partyCount * model.slotCount).fill(NONE);
    this.count = new Int32Array(model.partyCount);
    this.slotLoad = new Int32Array(model.slotCount);
    this.slotMembers = Array.from({ length: model.slotCount }, () => []);
    this.positionInSlot = new Int32Array(n).fill(NONE);
    this.poolLoad = new Int32Array(model.poolIds.length * model.slotCount);
    this.inChain = new Uint8Array(n);
    this.incident = Array.from({ length: model.partyCount }, () => []);
    for (const c of model.order) {
      this.incident[model.partyA[c]].push(c);
      this.incident[model.partyB[c]].push(c);
    }
  }

  placeFixed(): void {
    const m = this.model;
    for (let i = 0; i < m.fixedCount; i++) {
      const s = m.fixedSlot[i];
      for (const p of [m.partyA[i], m.partyB[i]]) {
        const other = this.busy[p * m.slotCount + s];
        if (other !== NONE) throw new RangeError(`scheduling: fixed meetings ${m.meetingIds[other]} and ${m.meetingIds[i]} both have party ${m.partyIds[p]} in slot ${s}`);
      }
      this.place(i, s, m.fixedPool[i]);
    }
    // Fixed meetings are givens, not gains: the totals count new placements only.
    this.total = 0;
    this.journal.length = 0;
  }

  /** Greedy step: the feasible slot with the most free tables, earliest on ties. */
  placeDirect(c: number): boolean {
    const slot = this.bestDirectSlot(c);
    if (slot === NONE) return false;
    this.place(c, slot, this.freePool(c, slot));
    return true;
  }

  /**
   * Tries every slot for `c`, displacing what is in the way and re-placing it; keeps the best
   * outcome if it raises the total. Returns the gain (0 when nothing changed).
   */
  improveWith(c: number, depth: number, outermost = true): number {
    // A refill further up the chain may already have placed it.
    if (this.slotOf[c] !== NONE) return 0;
    if (this.placeDirect(c)) return this.model.priority[c];
    if (depth === 0) return 0;
    this.inChain[c] = 1;
    const base = this.journal.length;
    const before = this.total;
    let bestGain = GAIN_EPSILON;
    let bestMoves: number[] | null = null;
    for (const s of this.model.allowedSlots[c]) {
      const ejected = this.blockers(c, s);
      if (ejected === null) continue;
      for (const e of ejected) this.remove(e);
      const pool = this.feasible(c, s);
      if (pool !== false) {
        this.place(c, s, pool);
        // Re-place the displaced, most valuable first, each with one level less of displacement.
        ejected.sort((x, y) => this.model.priority[y] - this.model.priority[x]);
        for (const e of ejected) this.improveWith(e, depth - 1, false);
        // A displaced meeting that found no new place leaves its parties with room: refill it.
        if (outermost) for (const e of ejected) if (this.slotOf[e] === NONE) this.refillAround(e);
        const gain = this.total - before;
        if (gain > bestGain) {
          bestGain = gain;
          bestMoves = this.journal.slice(base);
        }
      }
      this.rollback(base);
    }
    this.inChain[c] = 0;
    if (bestMoves === null) return 0;
    this.replay(bestMoves);
    return this.total - before;
  }

  /** Places, as they fit, the waiting meetings of the two parties of `e`, best first. */
  private refillAround(e: number): void {
    const m = this.model;
    for (const p of [m.partyA[e], m.partyB[e]]) {
      for (const w of this.incident[p]) {
        if (this.slotOf[w] === NONE && !this.inChain[w] && m.impossible[w] === null) this.placeDirect(w);
      }
    }
  }

  /**
   * The meetings to displace so that `c` fits in slot `s`: both parties' meetings there, the
   * least valuable meeting of the slot if its tables are taken, one using a usable interpreter
   * pool if none is free, and a party's least valuable meeting if it is at its maximum. Null when
   * a fixed or chained meeting is in the way, or too many are.
   */
  private blockers(c: number, s: number): number[] | null {
    const m = this.model;
    const S = m.slotCount;
    const a = m.partyA[c];
    const b = m.partyB[c];
    const ejected: number[] = [];
    for (const e of [this.busy[a * S + s], this.busy[b * S + s]]) {
      if (e === NONE || ejected.includes(e)) continue;
      if (!this.displaceable(e)) return null;
      ejected.push(e);
    }

    if (this.slotLoad[s] - ejected.length >= m.tableCount) {
      const victim = this.cheapest(this.slotMembers[s], ejected);
      if (victim === NONE) return null;
      ejected.push(victim);
    }

    const pools = m.usablePools[c];
    if (pools !== null && !pools.some((u) => this.poolLoad[u * S + s] - this.usersAmong(ejected, u, s) < m.poolCapacity[u])) {
      const users = this.slotMembers[s].filter((e) => this.poolOf[e] !== NONE && pools.includes(this.poolOf[e]));
      const victim = this.cheapest(users, ejected);
      if (victim === NONE) return null;
      ejected.push(victim);
    }

    for (const p of [a, b]) {
      const meetings = this.count[p] - ejected.filter((e) => m.partyA[e] === p || m.partyB[e] === p).length;
      if (meetings < m.partyCapacity[p]) continue;
      const own: number[] = [];
      for (let t = 0; t < S; t++) if (this.busy[p * S + t] !== NONE) own.push(this.busy[p * S + t]);
      const victim = this.cheapest(own, ejected);
      if (victim === NONE) return null;
      ejected.push(victim);
    }
    return ejected.length > MAX_EJECTED ? null : ejected;
  }

  private displaceable(e: number): boolean {
    return e >= this.model.fixedCount && this.inChain[e] === 0;
  }

  private usersAmong(meetings: readonly number[], pool: number, s: number): number {
    return meetings.filter((e) => this.poolOf[e] === pool && this.slotOf[e] === s).length;
  }

  /** The least valuable displaceable meeting among `meetings` and not in `exclude`, or NONE. */
  private cheapest(meetings: readonly number[], exclude: readonly number[]): number {
    let best = NONE;
    for (const e of meetings) {
      if (!this.displaceable(e) || exclude.includes(e)) continue;
      if (best === NONE || this.model.priority[e] < this.model.priority[best]) best = e;
    }
    return best;
  }

  private bestDirectSlot(c: number): number {
    let best = NONE;
    let bestFree = -1;
    for (const s of this.model.allowedSlots[c]) {
      if (this.feasible(c, s) === false) continue;
      const free = this.model.tableCount - this.slotLoad[s];
      if (free > bestFree) {
        best = s;
        bestFree = free;
      }
    }
    return best;
  }

  /** false when `c` cannot go in slot `s` as things stand; otherwise the pool it would use (NONE: none needed). */
  private feasible(c: number, s: number): number | false {
    const m = this.model;
    const S = m.slotCount;
    const a = m.partyA[c];
    const b = m.partyB[c];
    if (this.busy[a * S + s] !== NONE || this.busy[b * S + s] !== NONE) return false;
    if (this.slotLoad[s] >= m.tableCount) return false;
    if (this.count[a] >= m.partyCapacity[a] || this.count[b] >= m.partyCapacity[b]) return false;
    if (!m.partyAvailable[a * S + s] || !m.partyAvailable[b * S + s]) return false;
    if (m.usablePools[c] === null) return NONE;
    const pool = this.freePool(c, s);
    return pool === NONE ? false : pool;
  }

  /** The usable pool with the most interpreters left in the slot, or NONE. */
  private freePool(c: number, s: number): number {
    const pools = this.model.usablePools[c];
    if (pools === null) return NONE;
    let best = NONE;
    let bestLeft = 0;
    for (const u of pools) {
      const left = this.model.poolCapacity[u] - this.poolLoad[u * this.model.slotCount + s];
      if (left > bestLeft) {
        best = u;
        bestLeft = left;
      }
    }
    return best;
  }

  private place(c: number, s: number, pool: number): void {
    const m = this.model;
    const S = m.slotCount;
    this.slotOf[c] = s;
    this.poolOf[c] = pool;
    this.busy[m.partyA[c] * S + s] = c;
    this.busy[m.partyB[c] * S + s] = c;
    this.count[m.partyA[c]]++;
    this.count[m.partyB[c]]++;
    this.slotLoad[s]++;
    this.positionInSlot[c] = this.slotMembers[s].length;
    this.slotMembers[s].push(c);
    if (pool !== NONE) this.poolLoad[pool * S + s]++;
    this.total += m.priority[c];
    this.journal.push(1, c, s, pool);
  }

  private remove(c: number): void {
    const m = this.model;
    const S = m.slotCount;
    const s = this.slotOf[c];
    const pool = this.poolOf[c];
    this.slotOf[c] = NONE;
    this.poolOf[c] = NONE;
    this.busy[m.partyA[c] * S + s] = NONE;
    this.busy[m.partyB[c] * S + s] = NONE;
    this.count[m.partyA[c]]--;
    this.count[m.partyB[c]]--;
    this.slotLoad[s]--;
    const members = this.slotMembers[s];
    const position = this.positionInSlot[c];
    const last = members.pop()!;
    if (last !== c) {
      members[position] = last;
      this.positionInSlot[last] = position;
    }
    this.positionInSlot[c] = NONE;
    if (pool !== NONE) this.poolLoad[pool * S + s]--;
    this.total -= m.priority[c];
    this.journal.push(0, c, s, pool);
  }

  private rollback(mark: number): void {
    while (this.journal.length > mark) {
      const pool = this.journal[this.journal.length - 1];
      const s = this.journal[this.journal.length - 2];
      const c = this.journal[this.journal.length - 3];
      const op = this.journal[this.journal.length - 4];
      if (op === 1) this.remove(c);
      else this.place(c, s, pool);
      // Undoing journals too; drop both the undo and the entry it undid.
      this.journal.length -= 8;
    }
  }

  private replay(moves: readonly number[]): void {
    for (let k = 0; k < moves.length; k += 4) {
      if (moves[k] === 1) this.place(moves[k + 1], moves[k + 2], moves[k + 3]);
      else this.remove(moves[k + 1]);
    }
  }

  result(greedyPriority: number, improvements: number, timedOut: boolean): ScheduleResult {
    const m = this.model;
    const placed: PlacedMeeting[] = [];
    const waiting: WaitingMeeting[] = [];
    const taken = Array.from({ length: m.slotCount }, () => new Set<number>());
    for (let i = 0; i < m.fixedCount; i++) taken[m.fixedSlot[i]].add(m.fixedTable[i]);
    for (const c of m.order) {
      const s = this.slotOf[c];
      if (s === NONE) {
        waiting.push({ id: m.meetingIds[c], priority: m.priority[c], reason: m.impossible[c] ?? 'crowded-out' });
        continue;
      }
      let table = 1;
      while (taken[s].has(table)) table++;
      taken[s].add(table);
      const pool = this.poolOf[c];
      placed.push({ id: m.meetingIds[c], slot: s, table, interpreter: pool === NONE ? null : m.poolIds[pool], priority: m.priority[c] });
    }
    return { placed, waiting, greedyPriority: round(greedyPriority), totalPriority: round(this.total), improvements, timedOut };
  }
}

/** Sums of 4-decimal priorities drift in the last bits; report them as people would add them. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
