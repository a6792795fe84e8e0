import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Notice } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { ListingKind } from './listing.constants';

const BATCH = 500;
/** The owner hears of the coming expiry this long before it. */
export const EXPIRY_NOTICE_DAYS = 14;
/**
 * A claim skips the rows other transactions hold (the matcher's scored_revision write, another
 * run's claim), which are due again once those commit, within milliseconds: the run claims again
 * after this pause rather than leave them a day late.
 */
const HELD_ROWS_PAUSE_MS = 30;
/** Past this, counted from the first held row a run meets, the rows left wait for the next run. */
export const HELD_ROWS_MAX_WAIT_MS = 30_000;

/** The listings each step acts on, given the run's `asOf` as $1: one definition for the claim and for the check after it. */
const DUE = {
  expiry: `status = 'published' AND expires_at <= $1`,
  notice: `status = 'published' AND expires_at > $1 AND expires_at <= $1::timestamptz + make_interval(days => ${EXPIRY_NOTICE_DAYS})
           AND expiry_notice_sent_at IS NULL`,
};

export interface ExpiryRunResult {
  expired: number;
  noticed: number;
}

interface ListingRow {
  id: string;
  party_id: string;
  kind: ListingKind;
  title: string;
  revision: number;
  expires_at: Date;
}

/**
 * Ends published listings whose year is over (`expires_at`, which publication sets and renewal
 * moves) and warns owners two weeks before. Rows are claimed with FOR UPDATE SKIP LOCKED inside
 * one UPDATE ... RETURNING per batch, so retries and concurrent workers each act on a listing once:
 * an expired listing is no longer `published`, a warned one has `expiry_notice_sent_at`.
 */
@Injectable()
export class ListingExpiryService {
  private readonly logger = new Logger(ListingExpiryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Expiry first: a listing already past its date gets no late warning. */
  async run(asOf: Date = new Date(), maxWaitMs = HELD_ROWS_MAX_WAIT_MS): Promise<ExpiryRunResult> {
    // One bound for both steps, started by the first held row: the batches before it do not use it up.
    let waitUntil: number | undefined;
    const mayWait = () => Date.now() < (waitUntil ??= Date.now() + maxWaitMs);
    const expired = await this.inBatches('expiry', asOf, mayWait, () => this.expireBatch(asOf));
    const noticed = await this.inBatches('notice', asOf, mayWait, () => this.noticeBatch(asOf));
    if (expired || noticed) this.logger.log({ expired, noticed }, 'listing expiry run');
    return { expired, noticed };
  }

  /**
   * Like a withdrawal by the owner: status, revision bump, outbox row (the matcher then drops the
   * listing's choices) and audit entry in one transaction; its matches leave every list because
   * parties see only matches of two published listings.
   */
  private async expireBatch(asOf: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [ListingRow[], number] = await manager.query(
        `WITH due AS (
           SELECT id FROM listings WHERE ${DUE.expiry}
            ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE listings l SET status = 'expired', revision = l.revision + 1, updated_at = now()
           FROM due WHERE l.id = due.id
         RETURNING l.id, l.party_id, l.kind, l.title, l.revision, l.expires_at`,
        [asOf],
      );
      await this.outbox.announceListingChanges(manager, 'listing.expired', rows);
      for (const row of rows) {
        await this.audit.record(manager, {
          actor: null,
          action: 'listing.expired',
          objectType: 'listing',
          objectId: row.id,
          summary: { status: 'expired', revision: row.revision, expiresAt: new Date(row.expires_at).toISOString() },
        });
      }
      return rows.length;
    });
  }

  private async noticeBatch(asOf: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [ListingRow[], number] = await manager.query(
        `WITH due AS (
           SELECT id FROM listings WHERE ${DUE.notice}
            ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE listings l SET expiry_notice_sent_at = $1
           FROM due WHERE l.id = due.id
         RETURNING l.id, l.party_id, l.kind, l.title, l.revision, l.expires_at`,
        [asOf],
      );
      await this.notifications.notifyParties(manager, rows.map(expiringNotice));
      return rows.length;
    });
  }

  /** Claims until nothing is due; a short batch with rows still due means they were held, not done. */
  private async inBatches(step: keyof typeof DUE, asOf: Date, mayWait: () => boolean, batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await batch();
      total += done;
      if (done === BATCH) continue;
      const [{ stillDue }]: { stillDue: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM listings WHERE ${DUE[step]}) AS "stillDue"`, [asOf]);
      if (!stillDue) return total;
      if (!mayWait()) {
        const [{ left }]: { left: number }[] = await this.dataSource.query(`SELECT count(*)::int AS left FROM listings WHERE ${DUE[step]}`, [asOf]);
        this.logger.warn({ step, left }, 'listings still due are held by other transactions; the next expiry run takes them');
        return total;
      }
      await sleep(HELD_ROWS_PAUSE_MS);
    }
  }
}

function expiringNotice(row: ListingRow): Notice {
  const expiresAt = new Date(row.expires_at).toISOString();
  return {
    partyId: row.party_id,
    kind: 'listing-expiring',
    title: `Your ${row.kind} “${row.title}” expires on ${expiresAt.slice(0, 10)}; renew it to keep it published`,
    data: { listingId: row.id, listingKind: row.kind, expiresAt },
    // A renewal moves expires_at, so the next year's warning has a key of its own.
    dedupeKey: `listing-expiring-${row.id}-${expiresAt}`,
  };
}
