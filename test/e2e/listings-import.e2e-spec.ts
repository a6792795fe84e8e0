import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { EXPORT_COLUMNS } from '../../src/modules/listings/export/listing-export-record';
import { EXPORT_PAGE } from '../../src/modules/listings/export/listing-export.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { WorkerModule } from '../../src/worker.module';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { getImport, IMPORT_HEADER, postImport, toCsv, waitForImport } from '../factories/imports';
import { chineseSolarOffer, createListing, thaiSolarNeed, vietnamesePaymentsOffer } from '../factories/listings';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';

type Row = (string | number | undefined)[];

/** One listing per row, offers and needs in turn, owned by the party each reference names. */
function generatedRow(index: number, party: string): Row {
  const offer = index % 2 === 0;
  const multiLine = index % 7 === 0;
  const description = multiLine
    ? `Line one of listing ${index}, with a comma\nline two with "quotes"\nline three: solar micro-grid with battery storage`
    : `Solar micro-grid with battery storage for island villages, listing ${index}`;
  return [
    offer ? 'offer' : 'need',
    party,
    `Imported solar listing ${index}`,
    description,
    'sustainable-development',
    'solar; micro-grid',
    offer ? 7 : undefined,
    offer ? undefined : 5,
    'licensing; joint-rd',
    offer ? 'TH; VN' : undefined,
  ];
}

describe('listings import and export', () => {
  let stack: TestStack;
  let admin: { token: string; userId: string };
  let chinese: Member;
  let thai: Member;
  let vietnamese: Member;
  const chineseName = `Guangxi Solar ${Date.now()}`;

  beforeAll(async () => {
    stack = await startTestStack({ worker: true });
    admin = await createAdmin(stack.http, stack.dataSource);
    chinese = await registerMember(stack.http, { country: 'CN', name: chineseName });
    thai = await registerMember(stack.http, { country: 'TH' });
    vietnamese = await registerMember(stack.http, { country: 'VN' });
  });
  afterAll(() => stack.close());

  const listingCount = async (partyIds: string[]) =>
    Number((await stack.dataSource.query('SELECT count(*) AS n FROM listings WHERE party_id = ANY($1::uuid[])', [partyIds]))[0].n);

  it('imports 997 rows of a 1,000-row CSV and names the 3 bad ones by spreadsheet row and field, with progress on the way', async () => {
    const references = [chinese.partyId, thai.email, chineseName];
    const rows: Row[] = Array.from({ length: 1000 }, (_, index) => generatedRow(index, references[index % 3]));
    // Data row i is spreadsheet row i + 2: the header is row 1.
    rows[100][6] = 10; // row 102: an offer with TRL 10
    rows[500][8] = 'licensing; franchise'; // row 502
    rows[998][1] = 'Nobody Ltd'; // row 1000
    const accepted = await postImport(stack.http, admin.token, toCsv([IMPORT_HEADER, ...rows]));
    expect(accepted).toMatchObject({ jobId: `import-${accepted.importId}`, rows: 1000 });

    const seen: number[] = [];
    const jobProgress: unknown[] = [];
    const done = await waitForImport(stack.http, admin.token, accepted.importId, (status) => {
      seen.push(status.progress.processed);
      void request(stack.http)
        .get(`/api/v1/admin/jobs/${accepted.jobId}`)
        .set(bearer(admin.token))
        .then((response) => jobProgress.push(response.body.progress));
    });

    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ processed: 1000, total: 1000, imported: 997, rejected: 3, percent: 100 });
    expect(done.rejectedRows).toEqual([
      { row: 102, errors: [{ field: 'trl', message: 'trl must be a whole number from 1 to 9' }] },
      { row: 502, errors: [{ field: 'transferModes', message: expect.stringMatching(/^each of transferModes must be one of: licensing, /) }] },
      { row: 1000, errors: [{ field: 'party', message: 'no party is named "Nobody Ltd"; give the party id or the email of one of its members' }] },
    ]);
    // Progress moved in steps while the job ran, and the job route shows it too.
    expect(seen.some((processed) => processed > 0 && processed < 1000)).toBe(true);
    expect(jobProgress.some((progress) => typeof progress === 'object' && progress !== null && (progress as { processed: number }).processed > 0)).toBe(true);
    const job = await request(stack.http).get(`/api/v1/admin/jobs/${accepted.jobId}`).set(bearer(admin.token)).expect(200);
    expect(job.body).toMatchObject({ queue: 'imports', state: 'completed', progress: { processed: 1000, percent: 100 }, result: { imported: 997, rejected: 3 } });
    expect(job.body.result.rejectedRows.map((row: { row: number }) => row.row)).toEqual([102, 502, 1000]);

    expect(await listingCount([chinese.partyId, thai.partyId])).toBe(997);
    // Each listing went the way of POST /offers: an outbox row and an audit entry naming the import and row.
    const [{ outbox }] = await stack.dataSource.query(
      `SELECT count(*)::int AS outbox FROM outbox_events e JOIN listings l ON l.id = e.listing_id WHERE l.party_id = ANY($1::uuid[]) AND e.topic = 'listing.created'`,
      [[chinese.partyId, thai.partyId]],
    );
    expect(outbox).toBe(997);
    const audits: { actor_id: string; row: number }[] = await stack.dataSource.query(
      `SELECT actor_id, (summary->>'row')::int AS row FROM audit_entries WHERE action = 'listing.created' AND summary->>'importId' = $1`,
      [accepted.importId],
    );
    expect(audits).toHaveLength(997);
    expect(new Set(audits.map((entry) => entry.actor_id))).toEqual(new Set([admin.userId]));

    // The multi-line cell of data row 7 (spreadsheet row 9) arrived whole; the review applies to imports too.
    const [multiLine] = await stack.dataSource.query(`SELECT description, status, target_countries, keywords FROM listings WHERE title = 'Imported solar listing 7'`);
    expect(multiLine.description).toBe('Line one of listing 7, with a comma\nline two with "quotes"\nline three: solar micro-grid with battery storage');
    expect(multiLine).toMatchObject({ status: 'submitted', keywords: ['solar', 'micro-grid'] });
  });

  it('reads what Excel writes: BOM, CRLF, quoted multi-line cells with commas, Chinese and Thai, ; between cells', async () => {
    const header = ['Kind', 'Party', 'Title', 'Summary', 'Description', 'Advantages', 'Requirements', 'Keywords', 'TRL', 'Min TRL', 'Transfer modes', 'Deadline'];
    const chineseDescription = `${chineseSolarOffer.description}\n第二段，含逗号；还有"引号"。`;
    const thaiDescription = `${thaiSolarNeed.description}\r\nบรรทัดที่สอง, มีจุลภาค`;
    const csv = toCsv(
      [
        header,
        ['offer', chinese.email, chineseSolarOffer.title, chineseSolarOffer.summary, chineseDescription, chineseSolarOffer.advantages, undefined, '光伏；微电网；储能', 8, undefined, 'licensing; technical-services', '2027/6/30'],
        ['need', thai.partyId, thaiSolarNeed.title, thaiSolarNeed.summary, thaiDescription, undefined, thaiSolarNeed.requirements, 'โซลาร์เซลล์; ไมโครกริด', undefined, 6, 'licensing; joint-venture', undefined],
      ],
      { delimiter: ';' },
    );
    expect(csv.startsWith('\uFEFFKind;Party;')).toBe(true);
    const accepted = await postImport(stack.http, admin.token, csv);
    const done = await waitForImport(stack.http, admin.token, accepted.importId);
    expect(done).toMatchObject({ status: 'completed', rejectedRows: [], progress: { imported: 2, rejected: 0 } });

    const offers = await request(stack.http).get('/api/v1/offers?mine=true&status=submitted').set(bearer(chinese.token)).expect(200);
    const offer = offers.body.items.find((item: { title: string }) => item.title === chineseSolarOffer.title);
    expect(offer).toMatchObject({
      description: chineseDescription,
      keywords: ['光伏', '微电网', '储能'],
      trl: 8,
      deadline: '2027-06-30',
      detectedLanguage: 'zh',
      transferModes: ['licensing', 'technical-services'],
    });
    const needs = await request(stack.http).get('/api/v1/needs?mine=true&status=submitted').set(bearer(thai.token)).expect(200);
    const need = needs.body.items.find((item: { title: string }) => item.title === thaiSolarNeed.title);
    expect(need).toMatchObject({ description: thaiDescription.replace('\r\n', '\n'), requirements: thaiSolarNeed.requirements, minTrl: 6, detectedLanguage: 'th' });
  });

  it('imports JSON, as { listings } or an array, with the checks of POST /offers and POST /needs', async () => {
    const accepted = await postImport(
      stack.http,
      admin.token,
      {
        listings: [
          { kind: 'offer', party: vietnamese.email, ...vietnamesePaymentsOffer, keywords: ['QR', 'thanh toán'] },
          { kind: 'need', party: thai.partyId, ...thaiSolarNeed, trl: 5 },
          { kind: 'offer', party: chinese.partyId, ...chineseSolarOffer, sector: 'energy' },
          { kind: 'offer', party: chinese.partyId, ...chineseSolarOffer, fields: ['sd.no-such-field'] },
          'not a listing',
        ],
      },
      'application/json',
    );
    expect(accepted.rows).toBe(5);
    const done = await waitForImport(stack.http, admin.token, accepted.importId);
    expect(done.progress).toMatchObject({ imported: 1, rejected: 4 });
    expect(done.rejectedRows).toEqual([
      { row: 2, errors: [{ field: 'trl', message: 'trl is for offers; leave it empty on need rows' }] },
      { row: 3, errors: [{ field: 'sector', message: 'sector must be one of: sustainable-development, health, digital' }] },
      { row: 4, errors: [{ field: 'fields', message: expect.stringMatching(/^unknown field codes: sd.no-such-field/) }] },
      { row: 5, errors: [{ field: null, message: 'the row must be an object with kind, party and the listing fields' }] },
    ]);
    const mine = await request(stack.http).get('/api/v1/offers?mine=true&status=submitted').set(bearer(vietnamese.token)).expect(200);
    expect(mine.body.items.map((item: { title: string }) => item.title)).toContain(vietnamesePaymentsOffer.title);

    const array = await postImport(stack.http, admin.token, [{ kind: 'need', party: thai.partyId, ...thaiSolarNeed, status: 'draft' }], 'application/json');
    expect(await waitForImport(stack.http, admin.token, array.importId)).toMatchObject({ status: 'completed', progress: { imported: 1 } });
  });

  it.each([
    ['an unknown column, named', 'text/csv', 'kind,party,title,description,transferModes,colour\r\noffer,p,t,d,licensing\r\n', /unknown column "colour" in the header; the columns are: kind, party, title/],
    ['a missing required column', 'text/csv', 'kind,party,title\r\noffer,p,t\r\n', /lacks the required columns description, transferModes/],
    ['plain text', 'text/plain', 'kind,party\n', /must be CSV \(Content-Type: text\/csv\) or JSON \(Content-Type: application\/json\); this one is text\/plain/],
    ['XML', 'application/xml', '<listings/>', /this one is application\/xml/],
    ['a JSON object without listings', 'application/json', '{"offers": []}', /must be an array of listings or \{ "listings": \[...\] \}/],
    ['an empty JSON array', 'application/json', '[]', /the file has no rows/],
    ['a workbook sent as CSV', 'text/csv', 'PK\u0003\u0004\u0000\u0000', /not UTF-8 CSV text/],
    ['NUL characters, which PostgreSQL cannot store', 'application/json', '[{"kind":"offer","title":"a\\u0000b"}]', /contains NUL characters/],
    ['more than 10,000 rows', 'text/csv', 'kind,party,title,description,transferModes\r\n' + 'offer,p,t,d,licensing\r\n'.repeat(10_001), /the file has 10001 rows; an import takes at most 10000/],
  ])('refuses %s with 400, storing nothing', async (_, contentType, body, message) => {
    const before = (await stack.dataSource.query('SELECT count(*)::int AS n FROM listing_imports'))[0].n;
    const response = await request(stack.http).post('/api/v1/admin/listings/import').set(bearer(admin.token)).set('Content-Type', contentType).send(body).expect(400);
    expect(response.body.message).toMatch(message);
    expect((await stack.dataSource.query('SELECT count(*)::int AS n FROM listing_imports'))[0].n).toBe(before);
  });

  it('answers 413 for a file larger than BODY_LIMIT', async () => {
    const body = 'kind,party,title,description,transferModes\r\n' + `offer,p,${'x'.repeat(200)},d,licensing\r\n`.repeat(6000);
    await request(stack.http).post('/api/v1/admin/listings/import').set(bearer(admin.token)).set('Content-Type', 'text/csv').send(body).expect(413);
  });

  it('is for admins only: 403 for a member, 401 without a token', async () => {
    const csv = toCsv([IMPORT_HEADER, generatedRow(0, chinese.partyId)]);
    await request(stack.http).post('/api/v1/admin/listings/import').set(bearer(chinese.token)).set('Content-Type', 'text/csv').send(csv).expect(403);
    await request(stack.http).post('/api/v1/admin/listings/import').set('Content-Type', 'text/csv').send(csv).expect(401);
    await request(stack.http).get('/api/v1/admin/listings/export').set(bearer(chinese.token)).expect(403);
    await request(stack.http).get('/api/v1/admin/listings/export').expect(401);
    const accepted = await postImport(stack.http, admin.token, csv);
    await request(stack.http).get(`/api/v1/admin/listings/imports/${accepted.importId}`).set(bearer(chinese.token)).expect(403);
    await request(stack.http).get(`/api/v1/admin/listings/imports/${accepted.importId}`).expect(401);
    await request(stack.http).get('/api/v1/admin/listings/imports/00000000-0000-4000-8000-000000000000').set(bearer(admin.token)).expect(404);
    await waitForImport(stack.http, admin.token, accepted.importId);
  });

  it('exports as CSV what the filters select: Excel-ready, as an attachment', async () => {
    const response = await request(stack.http).get('/api/v1/admin/listings/export?format=csv&kind=need&country=th').set(bearer(admin.token)).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="listings-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.text.startsWith('\uFEFFkind,party,title,')).toBe(true);
    expect(response.text).toContain('\r\n');
    const records: Record<string, string>[] = parse(response.text, { bom: true, columns: true });
    expect(Object.keys(records[0])).toEqual(EXPORT_COLUMNS);
    const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM listings WHERE kind = 'need' AND party_country = 'TH'`);
    expect(records).toHaveLength(n);
    expect(n).toBeGreaterThan(100);
    expect(records.every((record) => record.kind === 'need' && record.partyCountry === 'TH' && record.partyName !== '')).toBe(true);
  });

  it('exports as JSON, page after page, what the filters select', async () => {
    const response = await request(stack.http).get('/api/v1/admin/listings/export?format=json&sector=sustainable-development&status=submitted').set(bearer(admin.token)).expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="listings-.*\.json"$/);
    const items: { id: string; sector: string; currentStatus: string }[] = response.body;
    const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM listings WHERE sector = 'sustainable-development' AND status = 'submitted'`);
    expect(n).toBeGreaterThan(EXPORT_PAGE);
    expect(items).toHaveLength(n);
    expect(new Set(items.map((item) => item.id)).size).toBe(n);
    expect(items.every((item) => item.sector === 'sustainable-development' && item.currentStatus === 'submitted')).toBe(true);

    const empty = await request(stack.http).get('/api/v1/admin/listings/export?format=json&sector=health').set(bearer(admin.token)).expect(200);
    expect(empty.body).toEqual([]);
    const bad = await request(stack.http).get('/api/v1/admin/listings/export?format=xlsx').set(bearer(admin.token)).expect(400);
    expect(bad.body.message).toBe('format must be one of: csv, json');
  });

  it('re-imports its own CSV and JSON exports unchanged (round trip)', async () => {
    const owner = await registerMember(stack.http, { country: 'VN', name: `Round Trip ${Date.now()}` });
    await createListing(stack.http, owner.token, 'offers', {
      ...chineseSolarOffer,
      title: '=1+1 光伏, "微电网"',
      description: `${chineseSolarOffer.description}\n第二行`,
      keywords: ['a;b', '全；角', 'back\\slash'],
      sdgs: [7, 13],
      targetCountries: ['TH', 'VN'],
      deadline: '2027-06-30',
      stage: 'demonstration',
      ipStatus: 'patent-granted',
      fields: ['sd.renewable-energy'],
    });
    await createListing(stack.http, owner.token, 'needs', { ...thaiSolarNeed, language: 'th', sector: 'sustainable-development', status: 'draft' });
    await createListing(stack.http, owner.token, 'offers', { ...vietnamesePaymentsOffer, summary: '-50% chi phí', advantages: '@ mọi nơi' });
    const contentOf = async () => {
      const response = await request(stack.http).get(`/api/v1/admin/listings/export?format=json&partyId=${owner.partyId}`).set(bearer(admin.token)).expect(200);
      return (response.body as Record<string, unknown>[]).map(({ id: _id, currentStatus: _status, revision: _revision, createdAt: _created, updatedAt: _updated, publishedAt: _published, expiresAt: _expires, sectorSuggested: _suggested, ...content }) => content);
    };
    const originals = await contentOf();
    expect(originals).toHaveLength(3);

    const csv = await request(stack.http).get(`/api/v1/admin/listings/export?format=csv&partyId=${owner.partyId}`).set(bearer(admin.token)).expect(200);
    expect(csv.text).toContain("'=1+1 光伏");
    const fromCsv = await postImport(stack.http, admin.token, csv.text);
    expect(await waitForImport(stack.http, admin.token, fromCsv.importId)).toMatchObject({ status: 'completed', rejectedRows: [], progress: { imported: 3 } });

    const json = await request(stack.http).get(`/api/v1/admin/listings/export?format=json&partyId=${owner.partyId}`).set(bearer(admin.token)).expect(200);
    expect(json.body).toHaveLength(6);
    const fromJson = await postImport(stack.http, admin.token, json.body, 'application/json');
    expect(await waitForImport(stack.http, admin.token, fromJson.importId)).toMatchObject({ status: 'completed', rejectedRows: [], progress: { imported: 6 } });

    const byTitle = (items: Record<string, unknown>[]) => [...items].sort((a, b) => String(a.title).localeCompare(String(b.title)));
    const all = byTitle(await contentOf());
    expect(all).toHaveLength(12);
    const expected = byTitle(originals.flatMap((item) => [item, item, item, item]));
    expect(all).toEqual(expected);
  });
});

describe('an import when Redis or the worker goes away', () => {
  const startWorker = async () => (await Test.createTestingModule({ imports: [WorkerModule] }).compile()).init();

  it('is queued again by the worker from what PostgreSQL kept, and a second run imports no row twice', async () => {
    const stack = await startTestStack();
    let worker: INestApplicationContext | null = null;
    try {
      const admin = await createAdmin(stack.http, stack.dataSource);
      const member = await registerMember(stack.http, { country: 'MY' });
      const rows = Array.from({ length: 5 }, (_, index) => generatedRow(index, member.partyId));
      const accepted = await postImport(stack.http, admin.token, toCsv([IMPORT_HEADER, ...rows]));
      const queue = stack.app.get<Queue>(getQueueToken(QueueName.Imports));
      await queue.obliterate({ force: true });
      expect(await queue.getJobState(accepted.jobId)).toBe('unknown');
      expect((await getImport(stack.http, admin.token, accepted.importId)).status).toBe('queued');

      worker = await startWorker();
      const done = await waitForImport(stack.http, admin.token, accepted.importId);
      expect(done.progress).toMatchObject({ imported: 5, rejected: 0 });

      const rerun = await queue.add(JobName.ImportListings, { importId: accepted.importId }, { jobId: `rerun-${accepted.importId}` });
      await eventually(async () => (await queue.getJobState(rerun.id!)) === 'completed', 15_000, 'the second run');
      const [{ n }] = await stack.dataSource.query('SELECT count(*)::int AS n FROM listings WHERE party_id = $1', [member.partyId]);
      expect(n).toBe(5);
    } finally {
      await worker?.close();
      await stack.close();
    }
  });

  it('hands a long import back when its worker stops, and the next worker finishes it without duplicates', async () => {
    const stack = await startTestStack();
    let worker: INestApplicationContext | null = null;
    try {
      const admin = await createAdmin(stack.http, stack.dataSource);
      const member = await registerMember(stack.http, { country: 'ID' });
      const rows = Array.from({ length: 600 }, (_, index) => generatedRow(index, member.partyId));
      const accepted = await postImport(stack.http, admin.token, toCsv([IMPORT_HEADER, ...rows]));
      worker = await startWorker();
      await eventually(async () => (await getImport(stack.http, admin.token, accepted.importId)).progress.processed > 0, 30_000, 'the first batch');
      await worker.close();
      worker = null;

      const stopped = await getImport(stack.http, admin.token, accepted.importId);
      expect(stopped.status).toBe('running');
      expect(stopped.progress.processed).toBeLessThan(600);
      const queue = stack.app.get<Queue>(getQueueToken(QueueName.Imports));
      expect(await queue.getJobState(accepted.jobId)).toBe('delayed');
      // Handed back, not failed: no attempt spent.
      expect((await queue.getJob(accepted.jobId))?.attemptsMade).toBe(0);

      worker = await startWorker();
      const done = await waitForImport(stack.http, admin.token, accepted.importId);
      expect(done).toMatchObject({ status: 'completed', progress: { processed: 600, imported: 600, rejected: 0 } });
      const [{ n }] = await stack.dataSource.query('SELECT count(*)::int AS n FROM listings WHERE party_id = $1', [member.partyId]);
      expect(n).toBe(600);
    } finally {
      await worker?.close();
      await stack.close();
    }
  });
});
