import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { Notice } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { drainBatches, PollingLoop } from '../../common/scheduling/polling-loop';

const BATCH = 500;

interface AnnouncedRow {
  id: string;
  score: number;
  status: string;
  offer_id: string;
  need_id: string;
  offer_party_id: string;
  need_party_id: string;
  offer_title: string;
  need_title: string;
  offer_status: string;
  need_status: string;
}

/**
 * Tells both parties of a new match once it is recommended with a score of at least
 * NOTIFY_MIN_SCORE. A sweep over matches not yet announced, rather than a hook in the matcher: the
 * matcher stays about scoring, re-scoring never announces twice (`announced_at` is set in the
 * transaction that writes the notices), and workers sweep side by side through SKIP LOCKED.
 */
@Injectable()
export class MatchAnnouncementsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MatchAnnouncementsService.name);
  private readonly loop = new PollingLoop({ name: 'match announcements', intervalMs: () => this.config.worker.outboxPollMs, work: () => this.drain(), logger: this.logger });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Announces until nothing is left; returns how many matches it settled (announced or passed over). */
  async drain(): Promise<number> {
    return drainBatches(() => this.announceBatch(), BATCH);
  }

  /**
   * A match the parties cannot see when it reaches the threshold (rejected, or a listing no longer
   * published) is settled without a notice: a late "new recommendation" for it would mislead.
   */
  private async announceBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [AnnouncedRow[], number] = await manager.query(
        `WITH due AS (
           SELECT id FROM matches
            WHERE announced_at IS NULL AND (chosen_by_offer OR chosen_by_need) AND score >= $1
            ORDER BY score DESC LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE matches m SET announced_at = now()
           FROM due, listings o, listings n
          WHERE m.id = due.id AND o.id = m.offer_id AND n.id = m.need_id
         RETURNING m.id, m.score, m.status, m.offer_id, m.need_id, m.offer_party_id, m.need_party_id,
                   o.title AS offer_title, n.title AS need_title, o.status AS offer_status, n.status AS need_status`,
        [this.config.notifications.newMatchMinScore],
      );
      const visible = rows.filter((row) => row.status !== 'rejected' && row.offer_status === 'published' && row.need_status === 'published');
      await this.notifications.notifyParties(manager, visible.flatMap(noticesFor));
      if (rows.length) this.logger.log({ settled: rows.length, announced: visible.length }, 'new matches announced');
      return rows.length;
    });
  }
}

function noticesFor(row: AnnouncedRow): Notice[] {
  const data = { matchId: row.id, offerId: row.offer_id, needId: row.need_id, score: row.score };
  // The key makes the notice once-only even if a match were ever announced twice.
  const dedupeKey = `new-recommendation-${row.id}`;
  return [
    { partyId: row.offer_party_id, kind: 'new-recommendation', title: `New recommendation for “${row.offer_title}”: ${row.need_title}`, data: { ...data, listingId: row.offer_id }, dedupeKey },
    { partyId: row.need_party_id, kind: 'new-recommendation', title: `New recommendation for “${row.need_title}”: ${row.offer_title}`, data: { ...data, listingId: row.need_id }, dedupeKey },
  ];
}
