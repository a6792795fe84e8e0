export const NOTIFICATION_KINDS = ['new-recommendation', 'match-approved', 'meeting-scheduled', 'listing-expiring'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What another module hands to `NotificationsService.notifyParties`. */
export interface Notice {
  partyId: string;
  kind: NotificationKind;
  title: string;
  data: Record<string, unknown>;
  /**
   * Makes the notice once-only per party: a second notice with the same key is dropped. For events
   * that a retried job or a re-run could announce again (a listing's expiry notice, a new match).
   */
  dedupeKey?: string;
}
