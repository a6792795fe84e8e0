import { applyDecorators, Injectable, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrorResponse } from '../../common/openapi/api-responses';
import { RateLimit } from '../../common/rate-limits/rate-limits';

@Injectable()
export class RecommendationsThrottlerGuard extends ThrottlerGuard {}

/** The per-party limit on reading recommendations, and only that limit. */
export function RecommendationsRateLimited(): MethodDecorator {
  return applyDecorators(
    UseGuards(RecommendationsThrottlerGuard),
    SkipThrottle({ [RateLimit.LoginAddress]: true, [RateLimit.LoginAccount]: true }),
    ApiErrorResponse(429, 'Too many recommendation reads for your party in this window; see Retry-After'),
  );
}
