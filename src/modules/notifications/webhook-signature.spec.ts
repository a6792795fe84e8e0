import { createHmac } from 'node:crypto';
import { isRetryableStatus, signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-shared-secret-of-enough-length';
  const body = JSON.stringify({ kind: 'match-approved', title: '批准：光伏微电网 ↔ เซลล์แสงอาทิตย์' });

  it('signs "<timestamp>.<raw body>" with HMAC-SHA256, hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    expect(verifyWebhookSignature(secret, signWebhook(secret, 1000, body), body, 1100)).toEqual({ valid: true });
  });

  it.each([
    ['another secret', signWebhook('another secret entirely', 1000, body), body, 1000, 'mismatch'],
    ['a changed body', signWebhook(secret, 1000, body), body + ' ', 1000, 'mismatch'],
    ['a replayed timestamp', signWebhook(secret, 1000, body).replace('t=1000', 't=1001'), body, 1000, 'mismatch'],
    ['an old signature', signWebhook(secret, 1000, body), body, 1000 + 301, 'stale'],
    ['no header', undefined, body, 1000, 'malformed'],
    ['a header without v1', 't=1000', body, 1000, 'malformed'],
    ['a short digest', 't=1000,v1=abcd', body, 1000, 'malformed'],
  ])('refuses %s', (_, header, rawBody, now, reason) => {
    expect(verifyWebhookSignature(secret, header, rawBody, now)).toEqual({ valid: false, reason });
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
  ])('status %i is retried: %s', (status, retried) => {
    expect(isRetryableStatus(status)).toBe(retried);
  });
});
