import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { AuditEntry } from '../../src/modules/audit/audit-entry.entity';
import { AuditService } from '../../src/modules/audit/audit.service';
import { ListingExpiryService } from '../../src/modules/listings/listing-expiry.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { insertParty } from '../factories/sessions';
import { closeEmptiedTestDatabase, openEmptyTestDatabase, truncateAllTables } from '../helpers/database';
import { TEST_DATABASE_URL } from '../helpers/test-env';

/**
 * The expiry run against rows another transaction holds, as the matcher holds a listing's row while
 * it writes scored_revision: the run's SKIP LOCKED claim passes over such a row, and the run must
 * come back for it once the holder commits instead of leaving it a day late.
 */
describe('listing expiry meeting rows held by scoring', () => {
  let dataSource: DataSource;
  /** The service's own pool, so the test's held connection never starves it. */
  let serviceDataSource: DataSource;
  let expiry: ListingExpiryService;
  let partyId: string;

  beforeAll(async () => {
    // Outside an app the service would log through Nest's console logger.
    Logger.overrideLogger(false);
    dataSource = await openEmptyTestDatabase();
    serviceDataSource = await new DataSource(buildDataSourceOptions(TEST_DATABASE_URL, 2)).initialize();
    expiry = new ListingExpiryService(
      serviceDataSource,
      new OutboxService(),
      new AuditService(serviceDataSource.getRepository(AuditEntry)),
      new NotificationsService(serviceDataSource),
    );
  });
  // Each test owns the table: a run acts on every due listing, a failed test's included.
  beforeEach(async () => {
    await truncateAllTables(dataSource);
    partyId = await insertParty(dataSource, { country: 'VN' });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await serviceDataSource.destroy();
    await closeEmptiedTestDatabase(dataSource);
  });

  /** A published listing whose expires_at is `expiresIn` from now (negative: already past). */
  const insertPublished = async (expiresIn: string): Promise<string> => {
    const [row] = await dataSource.query(
      `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector, taxonomy_version,
                            published_at, expires_at)
       SELECT 'offer', p.id, p.country, p.region, 'published', 'Solar micro-grid', 'A listing for the expiry lock test', 'en', 'en', 'sustainable-development', 'test',
              now() - interval '1 year' + $2::interval, now() + $2::interval
         FROM parties p WHERE p.id = $1
       RETURNING id`,
      [partyId, expiresIn],
    );
    return row.id;
  };

  /** Holds the listing's row the way the matcher's write does, in a transaction left open until `release`. */
  const holdAsScoringDoes = async (id: string) => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('UPDATE listings SET scored_revision = revision WHERE id = $1', [id]);
    return {
      release: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  };
  const listing = async (id: string) =>
    (await dataSource.query('SELECT status, revision, scored_revision, expiry_notice_sent_at FROM listings WHERE id = $1', [id]))[0];

  it('expires a listing held by a scoring write in the same run, once the write commits', async () => {
    const id = await insertPublished('-1 day');
    const hold = await holdAsScoringDoes(id);
    const released = sleep(300).then(() => hold.release());

    const result = await expiry.run();
    await released;

    expect(result).toEqual({ expired: 1, noticed: 0 });
    expect(await listing(id)).toMatchObject({ status: 'expired', revision: 2, scored_revision: 1 });
    const outbox = await dataSource.query('SELECT topic, revision FROM outbox_events WHERE listing_id = $1', [id]);
    expect(outbox).toEqual([{ topic: 'listing.expired', revision: 2 }]);
    const audit = await dataSource.query(`SELECT actor_id, actor_role, summary FROM audit_entries WHERE object_id = $1 AND action = 'listing.expired'`, [id]);
    expect(audit).toEqual([{ actor_id: null, actor_role: 'system', summary: expect.objectContaining({ status: 'expired', revision: 2 }) }]);
  });

  it('warns the owner of a listing held by a scoring write in the same run, once the write commits', async () => {
    const id = await insertPublished('3 days');
    const hold = await holdAsScoringDoes(id);
    const released = sleep(300).then(() => hold.release());

    const result = await expiry.run();
    await released;

    expect(result).toEqual({ expired: 0, noticed: 1 });
    expect(await listing(id)).toMatchObject({ status: 'published', revision: 1 });
    expect((await listing(id)).expiry_notice_sent_at).not.toBeNull();
    const notices = await dataSource.query(`SELECT party_id, data FROM notifications WHERE kind = 'listing-expiring'`);
    expect(notices).toEqual([{ party_id: partyId, data: expect.objectContaining({ listingId: id, listingKind: 'offer' }) }]);
  });

  it('gives up on a row held past its bound: expires the rest, warns how many are left, and the next run takes it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const held = await insertPublished('-2 days');
    const free = await insertPublished('-1 day');
    const hold = await holdAsScoringDoes(held);

    const started = Date.now();
    const result = await expiry.run(new Date(), 200).finally(() => hold.release());

    const elapsed = Date.now() - started;
    expect(result).toEqual({ expired: 1, noticed: 0 });
    expect(await listing(free)).toMatchObject({ status: 'expired' });
    expect(await listing(held)).toMatchObject({ status: 'published', revision: 1 });
    expect(warn).toHaveBeenCalledWith({ step: 'expiry', left: 1 }, expect.stringMatching(/next expiry run/));
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(5_000);

    expect(await expiry.run()).toEqual({ expired: 1, noticed: 0 });
    expect(await listing(held)).toMatchObject({ status: 'expired', revision: 2 });
  });
});
