import { metricsAuthorized } from './metrics-token';

describe('metricsAuthorized', () => {
  const token = 'scrape-token-0123456789';

  it.each<[string, string | undefined, string | null, boolean]>([
    ['no token configured, no header', undefined, null, true],
    ['no token configured, any header', 'Bearer whatever', null, true],
    ['the right bearer token', `Bearer ${token}`, token, true],
    ['the scheme in any case', `bearer ${token}`, token, true],
    ['no header', undefined, token, false],
    ['a wrong token', 'Bearer scrape-token-0123456780', token, false],
    ['a prefix of the token', 'Bearer scrape-token', token, false],
    ['basic auth', `Basic ${Buffer.from(`x:${token}`).toString('base64')}`, token, false],
    ['the token without a scheme', token, token, false],
  ])('%s', (_, header, configured, expected) => {
    expect(metricsAuthorized(header, configured)).toBe(expected);
  });
});
