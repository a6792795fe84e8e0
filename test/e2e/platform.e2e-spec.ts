import request from 'supertest';
import { startTestStack, TestStack } from '../helpers/test-app';

describe('platform: health, docs, errors', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('reports the database and Redis as up', async () => {
    const response = await request(stack.http).get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers the liveness probe without the /api/v1 prefix and without a token', async () => {
    const response = await request(stack.http).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
    await request(stack.http).get('/api/v1/health/live').expect(404);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    await request(stack.http).get('/docs').expect(200).expect('content-type', /html/);
    const spec = await request(stack.http).get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/auth/register', '/api/v1/auth/login']));
  });

  it('echoes a sane request id and makes one up otherwise', async () => {
    const given = await request(stack.http).get('/health').set('X-Request-Id', 'trace-123');
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await request(stack.http).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['malformed JSON', (r: request.Test) => r.set('content-type', 'application/json').send('{"email": '), 400, /not valid JSON|JSON/],
    ['an oversized body', (r: request.Test) => r.set('content-type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(2_000_000) })), 413, /too large/],
  ])('answers %s in the error shape', async (_, send, status, message) => {
    const response = await send(request(stack.http).post('/api/v1/auth/register'));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.stringMatching(message), details: expect.any(Array) });
  });

  it('answers an unknown route 404 in the error shape', async () => {
    const response = await request(stack.http).get('/api/v1/no-such-route').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
  });

  it('sets security headers', async () => {
    const response = await request(stack.http).get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
