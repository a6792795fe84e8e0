export const LISTING_KINDS = ['offer', 'need'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** draft -> submitted -> published (or rejected, then edited and submitted again) -> withdrawn / closed / expired. */
export const LISTING_STATUSES = ['draft', 'submitted', 'rejected', 'published', 'withdrawn', 'closed', 'expired'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const STAGES = ['concept', 'under-development', 'lab-tested', 'demonstration', 'on-the-market'] as const;
export type Stage = (typeof STAGES)[number];

export const IP_STATUSES = ['none', 'know-how', 'patent-pending', 'patent-granted', 'copyright-software'] as const;
export type IpStatus = (typeof IP_STATUSES)[number];

export const TRANSFER_MODES = [
  'licensing',
  'assignment',
  'joint-venture',
  'joint-rd',
  'technical-services',
  'commercial-with-technical-assistance',
  'equipment-supply',
  'investment',
] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/** A published listing expires this long after publication unless its owner renews it. */
export const LISTING_LIFETIME_DAYS = 365;
