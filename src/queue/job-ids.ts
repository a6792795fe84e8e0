/** BullMQ refuses ':' in custom ids; ids are built here only, so producers and tests agree. */
export const JobIds = {
  /** The same revision is never queued twice while its job is kept. */
  scoreListing: (listingId: string, revision: number) => `score-${listingId}-r${revision}`,
  /** A re-match scores every listing again, whatever was scored before. */
  rematchListing: (rematchId: string, listingId: string) => `rematch-${rematchId}-${listingId}`,
  /** Batch n of a re-match: queuing the same re-match again (a retried fan-out) adds nothing twice. */
  rematchBatch: (rematchId: string, batch: number) => `${rematchId}-batch-${batch}`,
};
