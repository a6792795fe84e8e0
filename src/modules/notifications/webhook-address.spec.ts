import { isPublicAddress, NonPublicAddressError, publicAddressLookup, refusedWebhookHost } from './webhook-address';

describe('webhook addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['203.119.8.1', true],
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['127.1.2.3', false],
    ['10.0.0.5', false],
    ['172.16.0.1', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['https://crm.example.org/hooks', null],
    ['https://8.8.8.8/hooks', null],
    ['http://127.0.0.1:6379/', '127.0.0.1 is not a public address'],
    ['http://[::1]:3000/', '::1 is not a public address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address'],
    ['http://LOCALHOST:9000/x', 'localhost is not a public address'],
    ['http://api.localhost/x', 'api.localhost is not a public address'],
  ])('%s is refused before resolving: %s', (url, reason) => {
    expect(refusedWebhookHost(url)).toBe(reason);
  });

  it('refuses a name that resolves to a loopback address, and passes a public one on', async () => {
    const resolve = (hostname: string, all: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((done) => publicAddressLookup(hostname, { all }, (error, address) => done({ error, address })));
    const local = await resolve('localhost', false);
    expect(local.error).toBeInstanceOf(NonPublicAddressError);
    expect(local.error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/);
    // dns.lookup answers an address with itself, without the network.
    expect(await resolve('8.8.8.8', false)).toEqual({ error: null, address: '8.8.8.8' });
    expect(await resolve('8.8.8.8', true)).toEqual({ error: null, address: [{ address: '8.8.8.8', family: 4 }] });
  });
});
