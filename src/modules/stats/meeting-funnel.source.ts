/**
 * Where the funnel's last two stages come from: the meetings of src/modules/sessions. Each query
 * selects one column, `match_id`, at most once per match.
 */
export const MEETING_FUNNEL_SOURCE = {
  /** Matches with a confirmed (published, not cancelled) meeting in any session. */
  scheduledMatchIds: `SELECT DISTINCT match_id FROM meetings WHERE status = 'confirmed'`,
  /** Matches whose confirmed meeting either side recorded as an agreement. */
  agreementMatchIds: `SELECT DISTINCT mt.match_id FROM meetings mt JOIN meeting_outcomes x ON x.meeting_id = mt.id
                       WHERE mt.status = 'confirmed' AND x.outcome = 'agreement'`,
};
