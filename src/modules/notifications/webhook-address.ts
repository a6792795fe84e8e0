import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent. A party chooses the URL and the worker POSTs to it from inside the
 * forum's network, so an address of that network (Redis, PostgreSQL, a cloud metadata service at
 * 169.254.169.254, the worker's own metrics port) would turn webhooks into requests on the
 * attacker's behalf. Only public unicast addresses are allowed; IPv4 in IPv6 is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Why a webhook URL is refused before any name is resolved, or null: IP literals and localhost names. */
export function refusedWebhookHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : `${host} is not a public address`;
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is not a public address`;
  return null;
}

export class NonPublicAddressError extends Error {
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, which is not a public address`);
    this.name = 'NonPublicAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets that refuses names resolving to a non-public address. Checking the
 * address the socket connects to, not the name at registration, is what stops a name that
 * resolves to a public address when registered and to 127.0.0.1 when delivered (DNS rebinding).
 */
export function publicAddressLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new NonPublicAddressError(hostname, refused.address), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
