import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { decodeCursor, Page, toPage } from '../../common/pagination/page';
import { NotificationQueryDto } from './notification.dto';
import { Notification } from './notification.entity';
import { Notice } from './notification-kinds';

const TITLE_MAX = 300;

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the notices in the caller's transaction, and a webhook delivery row for each party that
   * has a webhook; the worker sends those only after the transaction commits. A notice whose
   * `dedupeKey` the party already has is dropped, so a retried job notifies once.
   */
  async notifyParties(manager: EntityManager, notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    const rows = notices.map((notice) => ({
      party_id: notice.partyId,
      kind: notice.kind,
      title: notice.title.length > TITLE_MAX ? `${notice.title.slice(0, TITLE_MAX - 1)}…` : notice.title,
      data: notice.data,
      dedupe_key: notice.dedupeKey ?? null,
    }));
    await manager.query(
      `WITH inserted AS (
         INSERT INTO notifications (party_id, kind, title, data, dedupe_key)
         SELECT r.party_id, r.kind, r.title, r.data, r.dedupe_key
           FROM jsonb_to_recordset($1::jsonb) AS r(party_id uuid, kind varchar, title varchar, data jsonb, dedupe_key varchar)
         ON CONFLICT (party_id, dedupe_key) DO NOTHING
         RETURNING id, party_id)
       INSERT INTO webhook_deliveries (notification_id, party_id)
       SELECT inserted.id, inserted.party_id FROM inserted JOIN party_webhooks w ON w.party_id = inserted.party_id`,
      [JSON.stringify(rows)],
    );
  }

  /** The caller's party's notices, newest first; admins belong to no party and have none. */
  async list(user: AuthenticatedUser, query: NotificationQueryDto): Promise<Page<Notification>> {
    if (!user.partyId) return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor, 2);
    const builder = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.partyId = :partyId', { partyId: user.partyId })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(query.limit + 1);
    if (query.unread) builder.andWhere('n.readAt IS NULL');
    if (after) builder.andWhere('(n.createdAt, n.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (row) => row, (row) => [row.createdAt.toISOString(), row.id]);
  }

  /** Idempotent: the first reading time stays. Another party's notice is 404. */
  async markRead(user: AuthenticatedUser, id: string): Promise<Notification> {
    const repository = this.dataSource.getRepository(Notification);
    await repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('id = :id AND party_id = :partyId AND read_at IS NULL', { id, partyId: user.partyId })
      .execute();
    const notification = await repository.findOneBy({ id });
    return AccessPolicy.visibleOr404(notification, (n) => AccessPolicy.ownsParty(user, n.partyId), 'notification');
  }
}
