import { buildSchedulingModel } from './scheduling-model';
import { SchedulingProblem } from './scheduling.types';

/**
 * The best total priority of new placements, by branch and bound over every candidate's choice
 * (wait, or a slot and an interpreter pool). Exponential: for checking the scheduler on small
 * instances only. Same constraints, read through the same model.
 */
export function exactBestPriority(problem: SchedulingProblem, maxCandidates = 14): number {
  const m = buildSchedulingModel(problem);
  const order = Array.from(m.order).filter((c) => m.impossible[c] === null);
  if (order.length > maxCandidates) throw new RangeError(`exact scheduling: ${order.length} candidates is too many to enumerate`);
  const S = m.slotCount;
  const busy = new Uint8Array(m.partyCount * S);
  const count = new Int32Array(m.partyCount);
  const slotLoad = new Int32Array(S);
  const poolLoad = new Int32Array(m.poolIds.length * S);
  for (let i = 0; i < m.fixedCount; i++) {
    const s = m.fixedSlot[i];
    busy[m.partyA[i] * S + s] = 1;
    busy[m.partyB[i] * S + s] = 1;
    count[m.partyA[i]]++;
    count[m.partyB[i]]++;
    slotLoad[s]++;
    if (m.fixedPool[i] >= 0) poolLoad[m.fixedPool[i] * S + s]++;
  }
  // suffix[k]: the most the candidates from k on could still add.
  const suffix = new Float64Array(order.length + 1);
  for (let k = order.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + m.priority[order[k]];

  let best = 0;
  const search = (k: number, total: number): void => {
    if (total > best) best = total;
    if (k === order.length || total + suffix[k] <= best + 1e-12) return;
    const c = order[k];
    const a = m.partyA[c];
    const b = m.partyB[c];
    if (count[a] < m.partyCapacity[a] && count[b] < m.partyCapacity[b]) {
      for (const s of m.allowedSlots[c]) {
        if (busy[a * S + s] || busy[b * S + s] || slotLoad[s] >= m.tableCount) continue;
        const pools = m.usablePools[c];
        const choices = pools === null ? [-1] : Array.from(pools).filter((u) => poolLoad[u * S + s] < m.poolCapacity[u]);
        for (const u of choices) {
          busy[a * S + s] = busy[b * S + s] = 1;
          count[a]++;
          count[b]++;
          slotLoad[s]++;
          if (u >= 0) poolLoad[u * S + s]++;
          search(k + 1, total + m.priority[c]);
          busy[a * S + s] = busy[b * S + s] = 0;
          count[a]--;
          count[b]--;
          slotLoad[s]--;
          if (u >= 0) poolLoad[u * S + s]--;
        }
      }
    }
    search(k + 1, total);
  };
  search(0, 0);
  return Math.round(best * 10_000) / 10_000;
}
