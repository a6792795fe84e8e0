import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config.service';

/** Every named limit of the API. A guard applies them all unless the route skips some (`@SkipThrottle`). */
export const RateLimit = {
  LoginAddress: 'login-address',
  LoginAccount: 'login-account',
  RecommendationsParty: 'recommendations-party',
} as const;

interface ThrottledRequest {
  ip?: string;
  body?: { email?: unknown };
  user?: { partyId?: string | null };
}

/**
 * Login is limited twice: per client address (one machine guessing many accounts) and per
 * account (many machines guessing one password). Recommendations are limited per party, however
 * many members or machines it uses: they describe other parties' technology, and reading them
 * all in a loop is scraping, not matchmaking. Each limit answers 429 with Retry-After.
 */
export function rateLimits(config: AppConfig): ThrottlerModuleOptions {
  const { loginRateLimit, loginRateWindowSeconds, recommendationsRateLimit, recommendationsRateWindowSeconds } = config.rateLimits;
  return [
    { name: RateLimit.LoginAddress, limit: loginRateLimit, ttl: loginRateWindowSeconds * 1000, getTracker: (request: ThrottledRequest) => request.ip ?? 'unknown' },
    {
      name: RateLimit.LoginAccount,
      limit: loginRateLimit,
      ttl: loginRateWindowSeconds * 1000,
      getTracker: (request: ThrottledRequest) => (typeof request.body?.email === 'string' ? request.body.email.toLowerCase() : 'no-email'),
    },
    {
      name: RateLimit.RecommendationsParty,
      limit: recommendationsRateLimit,
      ttl: recommendationsRateWindowSeconds * 1000,
      getTracker: (request: ThrottledRequest) => request.user?.partyId ?? `address:${request.ip ?? 'unknown'}`,
      // One budget across every recommendation route, not one per route.
      generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    },
  ];
}
