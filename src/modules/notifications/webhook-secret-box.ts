import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook secrets at rest. The worker must read a party's secret to sign deliveries, so it cannot
 * be hashed; it is sealed with AES-256-GCM instead, under a key derived from JWT_SECRET for this
 * one use, and bound to its party (a sealed secret copied to another party's row does not open).
 * A database dump or backup then no longer holds what forges signed notices to parties' systems.
 * Rotating JWT_SECRET makes sealed secrets unreadable: parties set their webhook again.
 */
const PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function webhookSecretKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('techbridge webhook secrets v1').digest();
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** `v1.<base64url of iv | tag | ciphertext>`. */
export function sealWebhookSecret(key: Buffer, partyId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(partyId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The secret; a value stored before secrets were sealed is returned as it is. Throws when it does not open. */
export function openWebhookSecret(key: Buffer, partyId: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(partyId));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
