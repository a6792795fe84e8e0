import { isSealed, openWebhookSecret, sealWebhookSecret, webhookSecretKey } from './webhook-secret-box';

describe('webhook secrets at rest', () => {
  const key = webhookSecretKey('a-jwt-secret-of-at-least-thirty-two-chars');
  const party = '6f1d2c3b-0000-4000-8000-000000000001';
  const other = '6f1d2c3b-0000-4000-8000-000000000002';
  const secret = 'whsec_ผู้ผลิต_' + 'x'.repeat(180);

  it('seals to a value that hides the secret and opens to it again', () => {
    const sealed = sealWebhookSecret(key, party, secret);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('whsec');
    expect(openWebhookSecret(key, party, sealed)).toBe(secret);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealWebhookSecret(key, party, secret)).not.toBe(sealed);
  });

  it('does not open for another party, under another key, or when altered', () => {
    const sealed = sealWebhookSecret(key, party, secret);
    expect(() => openWebhookSecret(key, other, sealed)).toThrow();
    expect(() => openWebhookSecret(webhookSecretKey('another-jwt-secret-of-thirty-two-chars!'), party, sealed)).toThrow();
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => openWebhookSecret(key, party, altered)).toThrow();
  });

  it('returns a secret stored before sealing as it is', () => {
    expect(isSealed('plain-secret-from-before')).toBe(false);
    expect(openWebhookSecret(key, party, 'plain-secret-from-before')).toBe('plain-secret-from-before');
  });
});
