import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The queue dashboard's browser session: a browser cannot send a bearer header to a page it opens,
 * so an admin trades the access token for this short-lived value in an HttpOnly cookie. Its key is
 * derived from JWT_SECRET for this one use, so the cookie is never accepted as an API access token.
 */
export const DASHBOARD_COOKIE = 'techbridge_queues';
export const DASHBOARD_SESSION_SECONDS = 30 * 60;

export function dashboardSessionKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('techbridge queue dashboard session v1').digest();
}

const mac = (payload: string, key: Buffer) => createHmac('sha256', key).update(payload).digest('base64url');

/** `v1.<user id>.<expiry, ms since epoch>.<HMAC>`: nothing secret inside, only its integrity matters. */
export function signDashboardSession(userId: string, expiresAt: number, key: Buffer): string {
  const payload = `v1.${userId}.${expiresAt}`;
  return `${payload}.${mac(payload, key)}`;
}

export function verifyDashboardSession(value: string | undefined, now: number, key: Buffer): { userId: string; expiresAt: number } | null {
  const parts = value?.split('.') ?? [];
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  const [, userId, expiry, signature] = parts;
  const expected = Buffer.from(mac(`v1.${userId}.${expiry}`, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAt = Number(expiry);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return null;
  return { userId, expiresAt };
}

/** The value of one cookie from a Cookie header (no cookie-parser for one cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
