import { dashboardSessionKey, readCookie, signDashboardSession, verifyDashboardSession } from './dashboard-session';

describe('dashboard session', () => {
  const key = dashboardSessionKey('a development secret of at least 32 characters');
  const now = Date.UTC(2026, 10, 25, 12);
  const userId = '0b4e6f0e-4a3c-4c37-9a57-1d2b3c4d5e6f';

  it('verifies what it signed until it expires', () => {
    const value = signDashboardSession(userId, now + 60_000, key);
    expect(verifyDashboardSession(value, now, key)).toEqual({ userId, expiresAt: now + 60_000 });
    expect(verifyDashboardSession(value, now + 60_000, key)).toBeNull();
  });

  it.each<[string, (value: string) => string]>([
    ['another user id', (v) => v.replace(userId, '11111111-4a3c-4c37-9a57-1d2b3c4d5e6f')],
    ['a later expiry', (v) => v.replace(String(now + 60_000), String(now + 600_000_000))],
    ['a truncated signature', (v) => v.slice(0, -2)],
    ['another version', (v) => v.replace(/^v1/, 'v2')],
    ['an access token', () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    ['nothing', () => ''],
  ])('refuses %s', (_, tamper) => {
    expect(verifyDashboardSession(tamper(signDashboardSession(userId, now + 60_000, key)), now, key)).toBeNull();
  });

  it('refuses a value signed with another secret', () => {
    const value = signDashboardSession(userId, now + 60_000, dashboardSessionKey('another secret of at least thirty-two characters'));
    expect(verifyDashboardSession(value, now, key)).toBeNull();
  });

  it('reads one cookie among others', () => {
    expect(readCookie('a=1; techbridge_queues=v1.x.2.sig; b=2', 'techbridge_queues')).toBe('v1.x.2.sig');
    expect(readCookie('techbridge_queues_old=1', 'techbridge_queues')).toBeUndefined();
    expect(readCookie(undefined, 'techbridge_queues')).toBeUndefined();
    expect(readCookie('techbridge_queues=%E0%A4%A', 'techbridge_queues')).toBeUndefined();
  });
});
