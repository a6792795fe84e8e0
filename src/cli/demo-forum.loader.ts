import { DemoForum, DemoListing, demoMemberEmail } from './demo-data';

export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from our own API, read field by field
}

/** The public HTTP API, as any client sees it; the demo goes through it so that it shows the product, not a back door. */
export class DemoApiClient {
  constructor(private readonly baseUrl: string) {}

  async call(method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (an HTML error page from a proxy, say): keep the text for the message
    }
    return { status: response.status, body };
  }

  async expect(status: number, method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiAnswer['body']> {
    const answer = await this.call(method, path, options);
    if (answer.status !== status) {
      const message = typeof answer.body === 'object' && answer.body ? (answer.body.message ?? JSON.stringify(answer.body)) : String(answer.body);
      throw new Error(`${method} ${path} answered ${answer.status} (expected ${status}): ${message}`);
    }
    return answer.body;
  }

  async login(email: string, password: string): Promise<string> {
    const body = await this.expect(200, 'POST', '/auth/login', { body: { email, password } });
    return body.accessToken;
  }
}

export interface LoadProgress {
  step: 'parties' | 'import' | 'publish';
  done: number;
  total: number;
}

export interface LoadSummary {
  partiesCreated: number;
  partiesFound: number;
  listingsImported: number;
  listingsFound: number;
  listingsPublished: number;
}

interface ExportedListing {
  id: string;
  title: string;
  partyName: string;
  currentStatus: string;
}

const IMPORT_BATCH = 100;
const sameListing = (partyName: string, title: string) => `${partyName}\u0000${title}`;

/**
 * Loads a demo forum through the API: registers each party's member (a 409 means it is there),
 * imports the listings that are not there yet (by party name and title) as the admin, and publishes
 * the submitted ones, as an organiser reviewing them would. Running it again changes nothing.
 */
export class DemoForumLoader {
  constructor(
    private readonly api: DemoApiClient,
    private readonly onProgress: (progress: LoadProgress) => void = () => undefined,
  ) {}

  async load(forum: DemoForum, adminToken: string, memberPassword: string): Promise<LoadSummary> {
    const parties = await this.ensureParties(forum, memberPassword);
    const listings = await this.ensureListings(forum, adminToken);
    return { ...parties, ...listings };
  }

  private async ensureParties(forum: DemoForum, password: string): Promise<Pick<LoadSummary, 'partiesCreated' | 'partiesFound'>> {
    let partiesCreated = 0;
    let partiesFound = 0;
    for (const [index, party] of forum.parties.entries()) {
      const { key, ...profile } = party;
      const answer = await this.api.call('POST', '/auth/register', {
        body: { email: demoMemberEmail(key), password, name: `${party.name} (demo contact)`.slice(0, 200), party: profile },
      });
      if (answer.status === 201) partiesCreated += 1;
      else if (answer.status === 409) partiesFound += 1;
      else throw new Error(`registering ${party.name} answered ${answer.status}: ${answer.body?.message ?? ''}`);
      this.onProgress({ step: 'parties', done: index + 1, total: forum.parties.length });
    }
    return { partiesCreated, partiesFound };
  }

  private async ensureListings(forum: DemoForum, adminToken: string): Promise<Pick<LoadSummary, 'listingsImported' | 'listingsFound' | 'listingsPublished'>> {
    const partyNames = new Map(forum.parties.map((party) => [party.key, party.name]));
    const keyOf = (listing: DemoListing) => sameListing(partyNames.get(listing.party) ?? listing.party, listing.title);
    const wanted = new Set(forum.listings.map(keyOf));

    const before = new Set((await this.exported(adminToken)).map((l) => sameListing(l.partyName, l.title)));
    const missing = forum.listings.filter((listing) => !before.has(keyOf(listing)));
    let imported = 0;
    for (let start = 0; start < missing.length; start += IMPORT_BATCH) {
      const rows = missing.slice(start, start + IMPORT_BATCH).map(({ party, ...row }) => ({ ...row, party: demoMemberEmail(party) }));
      imported += await this.importAndWait(adminToken, rows, start, missing.length);
    }

    // Publishing what is still submitted also finishes a run that was stopped half-way.
    const submitted = (await this.exported(adminToken)).filter((l) => l.currentStatus === 'submitted' && wanted.has(sameListing(l.partyName, l.title)));
    for (const [index, listing] of submitted.entries()) {
      await this.api.expect(200, 'POST', `/admin/listings/${listing.id}/publish`, { token: adminToken, body: { note: 'Demo forum: published by the organisers' } });
      this.onProgress({ step: 'publish', done: index + 1, total: submitted.length });
    }
    return { listingsImported: imported, listingsFound: forum.listings.length - missing.length, listingsPublished: submitted.length };
  }

  private async importAndWait(adminToken: string, rows: object[], offset: number, total: number): Promise<number> {
    const accepted = await this.api.expect(202, 'POST', '/admin/listings/import', { token: adminToken, body: { listings: rows } });
    for (;;) {
      const state = await this.api.expect(200, 'GET', `/admin/listings/imports/${accepted.importId}`, { token: adminToken });
      this.onProgress({ step: 'import', done: offset + state.progress.processed, total });
      if (state.status === 'failed') throw new Error(`the import ${accepted.importId} failed: ${state.failure}`);
      if (state.status === 'completed') {
        if (state.rejectedRows.length) throw new Error(`the import rejected demo rows: ${JSON.stringify(state.rejectedRows.slice(0, 3))}`);
        return state.progress.imported;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async exported(adminToken: string): Promise<ExportedListing[]> {
    return this.api.expect(200, 'GET', '/admin/listings/export?format=json', { token: adminToken });
  }
}
