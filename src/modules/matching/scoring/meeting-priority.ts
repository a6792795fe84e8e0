export type MeetingPreference = 'must-meet' | 'meet' | 'no-thanks';

const PREFERENCE_POINTS: Readonly<Record<Exclude<MeetingPreference, 'no-thanks'>, number>> = {
  'must-meet': 2,
  meet: 1,
};

/*
 * Tiers are TIER_STEP apart and a score adds at most 1, so no score can lift a pair into the
 * next tier: what the parties asked for comes before what the algorithm suggests.
 */
const TIER_STEP = 2;

/**
 * Orders matches for meeting scheduling; null means the pair is never scheduled because one
 * side declined. The tier adds both sides' points (must-meet 2, meet 1, none 0) and one more
 * when both sides asked, so mutual interest outranks one side's insistence:
 *   none+none 0 < meet 1 < must-meet 2 < meet+meet 3 < must-meet+meet 4 < must-meet+must-meet 5.
 * Within a tier the match score decides. The result is tier * 2 + score, 4 decimals.
 */
export function meetingPriority(
  score: number,
  offerSidePreference: MeetingPreference | null,
  needSidePreference: MeetingPreference | null,
): number | null {
  if (!Number.isFinite(score) || score < 0 || score > 1) {
    throw new RangeError(`meeting priority: score must be in [0, 1], got ${score}`);
  }
  if (offerSidePreference === 'no-thanks' || needSidePreference === 'no-thanks') return null;
  const offerPoints = points(offerSidePreference);
  const needPoints = points(needSidePreference);
  const tier = offerPoints + needPoints + (offerPoints > 0 && needPoints > 0 ? 1 : 0);
  return Math.round((tier * TIER_STEP + score) * 10_000) / 10_000;
}

function points(preference: MeetingPreference | null): number {
  if (preference === null) return 0;
  const p = PREFERENCE_POINTS[preference as keyof typeof PREFERENCE_POINTS];
  // Preferences arrive from stored rows; an unknown value is a bug to surface, not a zero.
  if (p === undefined) throw new RangeError(`meeting priority: unknown preference ${String(preference)}`);
  return p;
}
