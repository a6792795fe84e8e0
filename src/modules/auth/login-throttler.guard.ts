import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config.service';

interface LoginRequest {
  ip?: string;
  body?: { email?: unknown };
}

/**
 * Login is limited twice: per client address (one machine guessing many accounts) and per
 * account (many machines guessing one password). Either limit answers 429 with Retry-After.
 */
export function loginThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const { loginRateLimit: limit, loginRateWindowSeconds } = config.auth;
  const ttl = loginRateWindowSeconds * 1000;
  return [
    { name: 'login-address', limit, ttl, getTracker: (request: LoginRequest) => request.ip ?? 'unknown' },
    {
      name: 'login-account',
      limit,
      ttl,
      getTracker: (request: LoginRequest) => (typeof request.body?.email === 'string' ? request.body.email.toLowerCase() : 'no-email'),
    },
  ];
}

/** Applied to the login route only. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {}
