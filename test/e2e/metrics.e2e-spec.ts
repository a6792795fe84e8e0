import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { WorkerMetricsServer } from '../../src/modules/metrics/worker-metrics.server';
import { bearer, registerMember } from '../factories/accounts';
import { chineseSolarOffer, createListing, thaiSolarNeed } from '../factories/listings';
import { eventually, startTestStack, TestStack } from '../helpers/test-app';

const TOKEN = 'prometheus-scrape-token-for-tests';

/** One sample's value from a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics: Prometheus text from the API and from each worker, behind METRICS_TOKEN', () => {
  let stack: TestStack;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    process.env.METRICS_TOKEN = TOKEN;
    process.env.WORKER_METRICS_PORT = '0';
    stack = await startTestStack({ worker: true });
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    delete process.env.METRICS_TOKEN;
    delete process.env.WORKER_METRICS_PORT;
    await stack.close();
  });

  const scrape = async () => (await request(stack.http).get('/metrics').set(bearer(TOKEN)).expect(200)).text;

  it('answers 401 without the token or with a wrong one, in the one error shape', async () => {
    const missing = await request(stack.http).get('/metrics').expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, message: 'metrics need the bearer METRICS_TOKEN' });
    await request(stack.http).get('/metrics').set(bearer('prometheus-scrape-token-for-tesTs')).expect(401);
    await request(stack.http).get('/api/v1/metrics').set(bearer(TOKEN)).expect(404);
  });

  it('serves the text format with the route pattern, never the raw path, and the status', async () => {
    const member = await registerMember(stack.http, { country: 'VN' });
    const id = randomUUID();
    await request(stack.http).get(`/api/v1/offers/${id}`).set(bearer(member.token)).expect(404);
    await request(stack.http).get(`/api/v1/offers/${id}`).expect(401);
    const response = await request(stack.http).get('/metrics').set(bearer(TOKEN)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = response.text;
    expect(text).not.toContain(id);
    expect(sample(text, 'techbridge_http_request_duration_seconds_count{method="GET",route="/api/v1/offers/:id",status="404"}')).toBe(1);
    expect(sample(text, 'techbridge_http_request_duration_seconds_count{method="GET",route="/api/v1/offers/:id",status="401"}')).toBe(1);
    expect(sample(text, 'techbridge_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/register",status="201"}')).toBeGreaterThanOrEqual(1);
    await request(stack.http).get(`/no/such/${id}`).expect(404);
    expect(sample(await scrape(), 'techbridge_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('counts queue depths by queue and state, matches by status and the outbox backlog', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN' });
    const thai = await registerMember(stack.http, { country: 'TH' });
    await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    await createListing(stack.http, thai.token, 'needs', thaiSolarNeed);
    const text = await eventually(async () => {
      const scraped = await scrape();
      return (sample(scraped, 'techbridge_matches{status="proposed"}') ?? 0) >= 1 ? scraped : null;
    }, 30_000, 'a proposed match in the metrics');
    expect(sample(text, 'techbridge_matches{status="approved"}')).toBe(0);
    for (const queue of ['matching', 'maintenance', 'notifications', 'imports']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect([queue, state, sample(text, `techbridge_queue_jobs{queue="${queue}",state="${state}"}`)]).toEqual([queue, state, expect.any(Number)]);
      }
    }
    expect(sample(text, 'techbridge_queue_jobs{queue="matching",state="completed"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'techbridge_outbox_pending{outbox="outbox_events"}')).toEqual(expect.any(Number));
    expect(sample(text, 'techbridge_outbox_pending{outbox="webhook_deliveries"}')).toEqual(expect.any(Number));
    expect(sample(text, 'techbridge_outbox_oldest_pending_seconds{outbox="outbox_events"}')).toBeGreaterThanOrEqual(0);
  });

  it('serves each worker’s job durations on its own port, behind the same token', async () => {
    const port = stack.worker!.get(WorkerMetricsServer).port();
    expect(port).toEqual(expect.any(Number));
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/other`, { headers: bearer(TOKEN) })).status).toBe(404);
    // The test before waited for the first match only; the second listing's job may still be running.
    const text = await eventually(async () => {
      const response = await fetch(`${url}/metrics`, { headers: bearer(TOKEN) });
      expect(response.status).toBe(200);
      const scraped = await response.text();
      return (sample(scraped, 'techbridge_job_duration_seconds_count{queue="matching",name="score-listing",outcome="completed"}') ?? 0) >= 2 ? scraped : null;
    }, 30_000, 'both scoring jobs in the worker metrics');
    expect(text).toContain('techbridge_job_duration_seconds_bucket{le="0.1",queue="matching",name="score-listing",outcome="completed"}');
  });
});

describe('metrics: the outbox backlog while no worker relays it', () => {
  let stack: TestStack;

  beforeAll(async () => {
    process.env.LISTING_REVIEW = 'off';
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    delete process.env.LISTING_REVIEW;
    await stack.close();
  });

  it('counts the rows waiting for the relay and the age of the oldest, open when no METRICS_TOKEN is set', async () => {
    const chinese = await registerMember(stack.http, { country: 'CN' });
    await createListing(stack.http, chinese.token, 'offers', chineseSolarOffer);
    await createListing(stack.http, chinese.token, 'offers', { ...chineseSolarOffer, title: '第二个海岛光伏项目' });
    await stack.dataSource.query(`UPDATE outbox_events SET created_at = now() - interval '10 minutes' WHERE id = (SELECT min(id) FROM outbox_events)`);
    const text = (await request(stack.http).get('/metrics').expect(200)).text;
    expect(sample(text, 'techbridge_outbox_pending{outbox="outbox_events"}')).toBe(2);
    expect(sample(text, 'techbridge_outbox_oldest_pending_seconds{outbox="outbox_events"}')).toBeGreaterThanOrEqual(600);
    expect(sample(text, 'techbridge_outbox_pending{outbox="webhook_deliveries"}')).toBe(0);
    expect(sample(text, 'techbridge_outbox_oldest_pending_seconds{outbox="webhook_deliveries"}')).toBe(0);
  });
});
