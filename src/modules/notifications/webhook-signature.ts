import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-techbridge-signature';
export const TIMESTAMP_HEADER = 'x-techbridge-timestamp';
export const DELIVERY_HEADER = 'x-techbridge-delivery';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The timestamp is inside the signed
 * text so a captured request cannot be replayed later with a fresh timestamp header.
 */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

export type SignatureCheck = { valid: true } | { valid: false; reason: 'malformed' | 'mismatch' | 'stale' };

/** What a receiver runs (and the tests do): the body must be the raw bytes received, not re-serialised JSON. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): SignatureCheck {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return { valid: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return timingSafeEqual(expected, given) ? { valid: true } : { valid: false, reason: 'mismatch' };
}

/** 4xx answers mean the receiver refuses this request as it is; only 408 and 429 are worth another try. */
export function isRetryableStatus(status: number): boolean {
  if (status >= 500) return true;
  return status === 408 || status === 429;
}
