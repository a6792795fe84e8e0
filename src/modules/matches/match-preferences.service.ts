import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { MatchFeedbackDto, MatchFeedbackResponseDto } from './match-actions.dto';
import { Preference } from './match.entity';
import { VISIBLE_TO_PARTIES } from './matches.service';

/** Joins that VISIBLE_TO_PARTIES needs, for statements that name the match `m`. */
const LISTINGS_OF_M = 'listings o, listings n';
const LISTINGS_JOINED = 'o.id = m.offer_id AND n.id = m.need_id';

/**
 * What the parties say about a match: their side's wish to meet, and why a recommendation misses.
 * Each statement finds the match only when the caller's party is on one side of it and may see it,
 * so everything else is one 404, like a match that does not exist.
 */
@Injectable()
export class MatchPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes only the caller's side's column, in one statement, so the two sides deciding at the same
   * moment never overwrite each other. The review `version` is left alone: it guards the admins'
   * decision, which a party's wish does not make stale.
   */
  async setPreference(user: AuthenticatedUser, matchId: string, preference: Preference): Promise<void> {
    if (!user.partyId) throw new NotFoundException('match not found');
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [{ side: 'offer' | 'need'; previous: string | null }[], number] = await manager.query(
        `UPDATE matches m
            SET offer_preference = CASE WHEN m.offer_party_id = $2 THEN $3 ELSE m.offer_preference END,
                need_preference = CASE WHEN m.need_party_id = $2 THEN $3 ELSE m.need_preference END,
                updated_at = now()
           FROM ${LISTINGS_OF_M}, (SELECT offer_preference, need_preference FROM matches WHERE id = $1) AS before
          WHERE m.id = $1 AND (m.offer_party_id = $2 OR m.need_party_id = $2) AND ${LISTINGS_JOINED} AND ${VISIBLE_TO_PARTIES}
      RETURNING CASE WHEN m.offer_party_id = $2 THEN 'offer' ELSE 'need' END AS side,
                CASE WHEN m.offer_party_id = $2 THEN before.offer_preference ELSE before.need_preference END AS previous`,
        [matchId, user.partyId, preference],
      );
      if (rows.length === 0) throw new NotFoundException('match not found');
      const { side, previous } = rows[0];
      await this.audit.record(manager, { actor: user, action: 'match.preference-set', objectType: 'match', objectId: matchId, summary: { side, preference, previous } });
    });
  }

  /** One row per party and match: saying it again replaces the reason, with a fresh snapshot of the score. */
  async recordFeedback(user: AuthenticatedUser, matchId: string, dto: MatchFeedbackDto): Promise<MatchFeedbackResponseDto> {
    if (!user.partyId) throw new NotFoundException('match not found');
    const [row] = await this.dataSource.query(
      `INSERT INTO match_feedback (match_id, party_id, user_id, side, reason, comment, score, explanation, algorithm_version)
       SELECT m.id, $2, $3, CASE WHEN m.offer_party_id = $2 THEN 'offer' ELSE 'need' END, $4, $5, m.score, m.explanation, m.algorithm_version
         FROM matches m, ${LISTINGS_OF_M}
        WHERE m.id = $1 AND (m.offer_party_id = $2 OR m.need_party_id = $2) AND ${LISTINGS_JOINED} AND ${VISIBLE_TO_PARTIES}
       ON CONFLICT (match_id, party_id) DO UPDATE SET
              user_id = EXCLUDED.user_id, reason = EXCLUDED.reason, comment = EXCLUDED.comment, score = EXCLUDED.score,
              explanation = EXCLUDED.explanation, algorithm_version = EXCLUDED.algorithm_version, updated_at = now()
       RETURNING id, match_id, side, reason, comment, created_at, updated_at`,
      [matchId, user.partyId, user.userId, dto.reason, dto.comment ?? null],
    );
    if (!row) throw new NotFoundException('match not found');
    return {
      id: row.id,
      matchId: row.match_id,
      side: row.side,
      reason: row.reason,
      comment: row.comment,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
