import { buildSchedulingModel } from './scheduling-model';
import { SchedulingProblem } from './scheduling.types';

export interface SchedulingUpperBound {
  /** No schedule of the new placements can have a larger total priority than this. */
  bound: number;
  /** Sum of the best `capacity` placeable priorities: what the free tables alone allow. */
  tablesBound: number;
  /** Half the sum, over parties, of each party's best `k` placeable priorities: what the parties alone allow. */
  partiesBound: number;
  /** Free table-slots, and free interpreter-slots, after the fixed meetings. */
  capacity: number;
  interpreterCapacity: number;
}

/**
 * An upper bound on the total priority any feasible schedule places, to judge the scheduler by
 * on instances too large to solve exactly. It keeps four counting facts every schedule obeys and
 * drops the rest (which slot is whose, who sits with whom):
 *   (1) at most `capacity` new meetings (free tables summed over slots);
 *   (2) at most `interpreterCapacity` new meetings needing an interpreter;
 *   (3) party p is in at most k_p new meetings (its maximum, and its free available slots);
 *   (4) a candidate is placed at most once.
 * What remains is a linear programme (a fractional b-matching with two side constraints). By weak
 * duality, ANY dual-feasible point bounds it, hence bounds every schedule: for λ, μ, y_p >= 0,
 *   bound = λ·capacity + μ·interpreterCapacity + Σ_p k_p·y_p
 *           + Σ_candidates max(0, priority − λ − μ·[needs an interpreter] − y_a − y_b).
 * The dual point is found by exact coordinate minimisation (each coordinate's best value is an
 * order statistic), from two starts; an imperfect search gives a looser bound, never a wrong one.
 * Two simple bounds are reported beside it: the best `capacity` priorities (tables alone), and half
 * of the sum, over parties, of each party's best k_p priorities (parties alone).
 * Candidates that cannot be placed at all (no common free slot, no language, no interpreter) are
 * left out, which keeps the bound valid and tighter.
 */
export function schedulingUpperBound(problem: SchedulingProblem): SchedulingUpperBound {
  const m = buildSchedulingModel(problem);
  const S = m.slotCount;
  const fixedBusy = new Uint8Array(m.partyCount * S);
  const fixedPerParty = new Int32Array(m.partyCount);
  const fixedLoad = new Int32Array(S);
  const fixedPoolLoad = new Int32Array(m.poolIds.length * S);
  for (let i = 0; i < m.fixedCount; i++) {
    const s = m.fixedSlot[i];
    fixedBusy[m.partyA[i] * S + s] = fixedBusy[m.partyB[i] * S + s] = 1;
    fixedPerParty[m.partyA[i]]++;
    fixedPerParty[m.partyB[i]]++;
    fixedLoad[s]++;
    if (m.fixedPool[i] >= 0) fixedPoolLoad[m.fixedPool[i] * S + s]++;
  }
  let capacity = 0;
  for (let s = 0; s < S; s++) capacity += Math.max(0, m.tableCount - fixedLoad[s]);
  let interpreterCapacity = 0;
  for (let u = 0; u < m.poolIds.length; u++) for (let s = 0; s < S; s++) interpreterCapacity += Math.max(0, m.poolCapacity[u] - fixedPoolLoad[u * S + s]);

  const partyK = new Int32Array(m.partyCount);
  for (let p = 0; p < m.partyCount; p++) {
    let free = 0;
    for (let s = 0; s < S; s++) if (m.partyAvailable[p * S + s] && !fixedBusy[p * S + s]) free++;
    partyK[p] = Math.max(0, Math.min(m.partyCapacity[p] - fixedPerParty[p], free));
  }

  const placeable: number[] = [];
  for (const c of m.order) {
    if (m.impossible[c] !== null || partyK[m.partyA[c]] === 0 || partyK[m.partyB[c]] === 0) continue;
    const a = m.partyA[c];
    const b = m.partyB[c];
    if (m.allowedSlots[c].some((s) => !fixedBusy[a * S + s] && !fixedBusy[b * S + s] && fixedLoad[s] < m.tableCount)) placeable.push(c);
  }
  const n = placeable.length;
  const priority = Float64Array.from(placeable, (c) => m.priority[c]);
  const interpreted = Uint8Array.from(placeable, (c) => (m.usablePools[c] === null ? 0 : 1));
  const ends = [Int32Array.from(placeable, (c) => m.partyA[c]), Int32Array.from(placeable, (c) => m.partyB[c])];
  const incident: number[][] = Array.from({ length: m.partyCount }, () => []);
  for (let k = 0; k < n; k++) {
    incident[ends[0][k]].push(k);
    incident[ends[1][k]].push(k);
  }

  const tablesBound = sumOfLargest(priority, capacity);
  let partiesBound = 0;
  for (let p = 0; p < m.partyCount; p++) partiesBound += sumOfLargest(incident[p].map((k) => priority[k]), partyK[p]) / 2;

  const dual = (y: Float64Array, lambda: number, mu: number) => {
    let value = lambda * capacity + mu * interpreterCapacity;
    for (let p = 0; p < m.partyCount; p++) value += partyK[p] * y[p];
    for (let k = 0; k < n; k++) value += Math.max(0, priority[k] - lambda - mu * interpreted[k] - y[ends[0][k]] - y[ends[1][k]]);
    return value;
  };
  const descend = (y: Float64Array, lambda: number, mu: number) => {
    let value = dual(y, lambda, mu);
    const slack = (k: number) => priority[k] - mu * interpreted[k] - y[ends[0][k]] - y[ends[1][k]];
    for (let round = 0; round < 200; round++) {
      // Each coordinate's minimiser: t·K + Σ max(0, r − t) is least at the K-th largest r (or 0).
      lambda = Math.max(0, kthLargest(Array.from({ length: n }, (_, k) => slack(k)), capacity));
      const interpretedSlack: number[] = [];
      for (let k = 0; k < n; k++) if (interpreted[k]) interpretedSlack.push(slack(k) + mu - lambda);
      mu = Math.max(0, kthLargest(interpretedSlack, interpreterCapacity));
      for (let p = 0; p < m.partyCount; p++) {
        const residual = incident[p].map((k) => priority[k] - lambda - mu * interpreted[k] - y[ends[0][k] === p ? ends[1][k] : ends[0][k]]);
        y[p] = Math.max(0, kthLargest(residual, partyK[p]));
      }
      const next = dual(y, lambda, mu);
      if (next > value - 1e-9) return Math.min(value, next);
      value = next;
    }
    return value;
  };
  // From the tables' corner (all y = 0) and from the parties' corner (y = half of each party's k-th best).
  const fromTables = descend(new Float64Array(m.partyCount), 0, 0);
  const halfStart = new Float64Array(m.partyCount);
  for (let p = 0; p < m.partyCount; p++) halfStart[p] = Math.max(0, kthLargest(incident[p].map((k) => priority[k] / 2), partyK[p]));
  const fromParties = descend(halfStart, 0, 0);
  const bound = Math.min(tablesBound, partiesBound, fromTables, fromParties);
  return { bound: roundUp(bound), tablesBound: roundUp(tablesBound), partiesBound: roundUp(partiesBound), capacity, interpreterCapacity };
}

/**
 * The k-th largest value; 0 when there are fewer than k (the coordinate then rests at zero), the
 * largest when k is 0 (nothing may be taken, so the coordinate rises until every term is zero).
 */
function kthLargest(values: ArrayLike<number>, k: number): number {
  if (k <= 0) return values.length ? Math.max(0, ...Array.from(values)) : 0;
  if (values.length < k) return 0;
  return Float64Array.from(values).sort()[values.length - k];
}

function sumOfLargest(values: ArrayLike<number>, k: number): number {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = sorted.length - 1; i >= Math.max(0, sorted.length - k); i--) sum += sorted[i];
  return sum;
}

/** Rounded up to 4 decimals so rounding never makes the bound invalid. */
function roundUp(value: number): number {
  return Math.ceil(value * 10_000 - 1e-6) / 10_000;
}
