import { InvalidEnvironmentError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('gives a developer machine working defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/techbridge',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      MIGRATIONS_RUN: true,
      LISTING_REVIEW: true,
    });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['REDIS_URL', { REDIS_URL: 'not a url' }],
    ['LISTING_REVIEW', { LISTING_REVIEW: 'maybe' }],
    ['JWT_SECRET', { NODE_ENV: 'production' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@example.org' }],
    ['MATCH_MIN_SCORE', { MATCH_MIN_SCORE: '1.5' }],
  ])('stops the start with a message naming %s', (variable, source) => {
    expect(() => parseEnv(source)).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid environment:[\\s\\S]*\\b${variable}:`));
  });

  it('reads switches written as on/off, true/false or 1/0, and treats empty values as unset', () => {
    expect(parseEnv({ LISTING_REVIEW: 'off', MIGRATIONS_RUN: '0', PORT: '' })).toMatchObject({ LISTING_REVIEW: false, MIGRATIONS_RUN: false, PORT: 3000 });
  });
});
