/** Every queue of the system. A queue groups jobs that share a worker pool and a concurrency. */
export enum QueueName {
  Matching = 'matching',
  Maintenance = 'maintenance',
  ListingLifecycle = 'listing-lifecycle',
  Notifications = 'notifications',
  Imports = 'imports',
  Scheduling = 'scheduling',
}

/** Job names read as actions; each has a `<Job>Data` payload of ids and flags, never whole rows. */
export enum JobName {
  ScoreListing = 'score-listing',
  RematchAll = 'rematch-all',
  RematchBatch = 'rematch-batch',
  ReconcileScoring = 'reconcile-scoring',
  ExpireListings = 'expire-listings',
  DeliverWebhook = 'deliver-webhook',
  ImportListings = 'import-listings',
  ScheduleSession = 'schedule-session',
}

export interface ScoreListingData {
  listingId: string;
  revision: number;
}

export interface RematchAllData {
  requestedBy: string | null;
}

/**
 * A slice of a re-match, in the re-match's topic order. `rematchId` (the rematch-all job's id)
 * names the snapshot of match profiles a worker retrieves candidates from.
 */
export interface RematchBatchData {
  rematchId: string;
  batch: number;
  listingIds: string[];
  /** How often the reconciler put this batch back after it failed for a reason a retry can fix. */
  revivals?: number;
}

export type ReconcileScoringData = Record<string, never>;

/** One row of `webhook_deliveries`: the notice and the party's webhook are read when it runs. */
export interface DeliverWebhookData {
  deliveryId: string;
}

export type ExpireListingsData = Record<string, never>;

/** The rows are in `listing_import_rows`; the job id is `import-<importId>`. */
export interface ImportListingsData {
  importId: string;
}

/**
 * Plans a session's meetings. The session row's `schedule_job_id` names the one run allowed to
 * write; a job that finds another id there does nothing.
 */
export interface ScheduleSessionData {
  sessionId: string;
  mode: 'full' | 'replan';
  requestedBy: string | null;
}

/** Which queue carries which job; the worker checks at start that every job has a handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ScoreListing]: QueueName.Matching,
  [JobName.RematchAll]: QueueName.Matching,
  [JobName.RematchBatch]: QueueName.Matching,
  [JobName.ReconcileScoring]: QueueName.Maintenance,
  [JobName.ExpireListings]: QueueName.ListingLifecycle,
  [JobName.DeliverWebhook]: QueueName.Notifications,
  [JobName.ImportListings]: QueueName.Imports,
  [JobName.ScheduleSession]: QueueName.Scheduling,
};
