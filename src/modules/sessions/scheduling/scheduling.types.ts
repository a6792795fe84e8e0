/**
 * The scheduling problem as plain data: no framework, no database, so the algorithm can be
 * tested against an exact answer and benchmarked alone.
 */

export interface SchedulingParty {
  id: string;
  /** BCP 47 tags; an empty list means the party never said, which is taken as no known barrier. */
  languages: readonly string[];
  /** Slot indexes the party can attend; null or absent: every slot. */
  availableSlots?: readonly number[] | null;
  /** The most meetings the party takes in the session, fixed ones included; null or absent: no limit. */
  maxMeetings?: number | null;
}

/** `count` interpreters between the two languages, each able to serve one meeting per slot. */
export interface InterpreterPool {
  languages: readonly [string, string];
  count: number;
}

/** An approved match that may become a meeting; the higher the priority, the more it should. */
export interface CandidateMeeting {
  id: string;
  parties: readonly [string, string];
  priority: number;
}

/** A meeting already in the agenda (confirmed, or kept when re-planning): never moved. */
export interface FixedMeeting {
  id: string;
  parties: readonly [string, string];
  slot: number;
  table: number;
  /** The interpreter pool it uses, as `poolId` names it, or null. */
  interpreter: string | null;
}

export interface SchedulingProblem {
  slotCount: number;
  tableCount: number;
  parties: readonly SchedulingParty[];
  interpreters: readonly InterpreterPool[];
  candidates: readonly CandidateMeeting[];
  fixed?: readonly FixedMeeting[];
}

export interface PlacedMeeting {
  id: string;
  slot: number;
  /** 1-based, as printed on the table cards. */
  table: number;
  interpreter: string | null;
  priority: number;
}

/**
 * Why a candidate waits: no slot both parties can attend (or a party has no room left at all),
 * no shared language and no interpreter for the pair, or it lost to higher priorities.
 */
export type WaitingReason = 'no-common-slot' | 'no-shared-language' | 'crowded-out';

export interface WaitingMeeting {
  id: string;
  priority: number;
  reason: WaitingReason;
}

export interface ScheduleResult {
  /** New placements only; fixed meetings stay as they were. */
  placed: PlacedMeeting[];
  /** Every candidate not placed, highest priority first: the waiting list. */
  waiting: WaitingMeeting[];
  /** Total priority of the new placements after the greedy pass, and after local improvement. */
  greedyPriority: number;
  totalPriority: number;
  improvements: number;
  timedOut: boolean;
}
