/** setup: no agenda yet; draft: a preliminary agenda for the admin to review; published: final, parties see it. */
export const SESSION_STATUSES = ['setup', 'draft', 'published'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** draft meetings belong to a preliminary agenda; publishing confirms them; cancelled ones stay for the record. */
export const MEETING_STATUSES = ['draft', 'confirmed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const OUTCOMES = ['no-follow-up', 'follow-up', 'nda', 'loi', 'agreement'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const AGREEMENT_TYPES = ['licence', 'joint-venture', 'joint-rd', 'technical-services', 'sale'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/** full: drafts are planned afresh around confirmed meetings; replan: every meeting stays, only free places are filled. */
export const SCHEDULE_MODES = ['full', 'replan'] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
