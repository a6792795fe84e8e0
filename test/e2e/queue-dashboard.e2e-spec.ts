import request from 'supertest';
import { bearer, createAdmin, Member, registerMember } from '../factories/accounts';
import { startTestStack, TestStack } from '../helpers/test-app';

/** The cookie a response sets, as `name=value` for a Cookie header, and its attributes. */
function sessionCookie(response: request.Response): { cookie: string; attributes: string } {
  const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('techbridge_queues='));
  if (!header) throw new Error('no techbridge_queues cookie was set');
  const [cookie, ...attributes] = header.split(';');
  return { cookie, attributes: attributes.join(';') };
}

describe('queue dashboard: Bull Board at /admin/queues, for admins only', () => {
  let stack: TestStack;
  let admin: { token: string };
  let member: Member;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await createAdmin(stack.http, stack.dataSource);
    member = await registerMember(stack.http, { country: 'TH' });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('refuses anonymous callers: a page saying how to get in for a browser, the error shape for the API', async () => {
    const page = await request(stack.http).get('/admin/queues').set('Accept', 'text/html').expect(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('POST /api/v1/admin/queues/session');
    expect(page.text).not.toContain('__UI_CONFIG__');
    const api = await request(stack.http).get('/admin/queues/api/queues').expect(401);
    expect(api.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('admin') });
    await request(stack.http).put('/admin/queues/api/queues/matching/empty').expect(401);
    await request(stack.http).get('/admin/queues/api/queues').set(bearer('not-a-token')).expect(401);
    await request(stack.http).post('/api/v1/admin/queues/session').expect(401);
  });

  it('refuses members with 403, and does not open a session for them', async () => {
    await request(stack.http).get('/admin/queues').set(bearer(member.token)).set('Accept', 'text/html').expect(403);
    const api = await request(stack.http).get('/admin/queues/api/queues').set(bearer(member.token)).expect(403);
    expect(api.body.message).toBe('the queue dashboard is for admins');
    const session = await request(stack.http).post('/api/v1/admin/queues/session').set(bearer(member.token)).expect(403);
    expect(session.headers['set-cookie']).toBeUndefined();
  });

  it('shows an admin the dashboard and its API with every queue, through the bearer token', async () => {
    const page = await request(stack.http).get('/admin/queues').set(bearer(admin.token)).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('__UI_CONFIG__');
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).toContain('techbridge queues');
    const api = await request(stack.http).get('/admin/queues/api/queues').set(bearer(admin.token)).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['imports', 'listing-lifecycle', 'maintenance', 'matching', 'notifications', 'scheduling']);
  });

  it('opens a 30-minute HttpOnly, SameSite=Strict browser session limited to the dashboard, which the API does not accept', async () => {
    const opened = await request(stack.http).post('/api/v1/admin/queues/session').set(bearer(admin.token)).expect(201);
    expect(opened.body.dashboard).toBe('/admin/queues');
    const minutes = (Date.parse(opened.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const { cookie, attributes } = sessionCookie(opened);
    expect(attributes).toMatch(/Path=\/admin\/queues/);
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/SameSite=Strict/);
    expect(attributes).toMatch(/Max-Age=1800/);

    await request(stack.http).get('/admin/queues').set('Cookie', cookie).set('Accept', 'text/html').expect(200);
    const api = await request(stack.http).get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    expect(api.body.queues.length).toBe(6);

    const value = cookie.slice(cookie.indexOf('=') + 1);
    await request(stack.http).get('/api/v1/me').set(bearer(decodeURIComponent(value))).expect(401);
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await request(stack.http).get('/admin/queues/api/queues').set('Cookie', forged).expect(401);
  });

  it('closes the session by clearing the cookie', async () => {
    const closed = await request(stack.http).delete('/api/v1/admin/queues/session').expect(204);
    const { cookie, attributes } = sessionCookie(closed);
    expect(cookie).toBe('techbridge_queues=');
    expect(attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
