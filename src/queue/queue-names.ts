/** Every queue of the system. A queue groups jobs that share a worker pool and a concurrency. */
export enum QueueName {
  Matching = 'matching',
  Maintenance = 'maintenance',
}

/** Job names read as actions; each has a `<Job>Data` payload of ids and flags, never whole rows. */
export enum JobName {
  ScoreListing = 'score-listing',
  RematchAll = 'rematch-all',
  ReconcileScoring = 'reconcile-scoring',
}

export interface ScoreListingData {
  listingId: string;
  revision: number;
}

export interface RematchAllData {
  requestedBy: string | null;
}

export type ReconcileScoringData = Record<string, never>;

/** Which queue carries which job; the worker checks at start that every job has a handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ScoreListing]: QueueName.Matching,
  [JobName.RematchAll]: QueueName.Matching,
  [JobName.ReconcileScoring]: QueueName.Maintenance,
};
