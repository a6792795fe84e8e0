/**
 * Where the funnel's last two stages come from. Meetings live in src/modules/sessions, which is
 * built apart from the statistics; until its tables exist both queries select nothing, so
 * `scheduled` and `agreements` are 0. The sessions module plugs in by replacing the two queries:
 * each selects one column, `match_id`, at most once per match.
 */
export const MEETING_FUNNEL_SOURCE = {
  /** Matches placed in a meeting of any session. */
  scheduledMatchIds: `SELECT NULL::uuid AS match_id WHERE false`,
  /** Matches whose meeting outcome was recorded as an agreement. */
  agreementMatchIds: `SELECT NULL::uuid AS match_id WHERE false`,
};
