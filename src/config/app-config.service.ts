import { Inject, Injectable } from '@nestjs/common';
import { Env } from './env.schema';

export const ENV = Symbol('ENV');

/** Development-only signing key; production refuses to start without JWT_SECRET (see env.schema). */
const DEVELOPMENT_JWT_SECRET = 'techbridge-development-secret-not-for-production';

/** Typed access to the validated environment; nothing else reads process.env. */
@Injectable()
export class AppConfig {
  constructor(@Inject(ENV) private readonly env: Env) {}

  get nodeEnv() {
    return this.env.NODE_ENV;
  }
  get http() {
    return { port: this.env.PORT, host: this.env.HOST, bodyLimit: this.env.BODY_LIMIT };
  }
  get database() {
    return {
      url: this.env.DATABASE_URL,
      poolSize: this.env.DATABASE_POOL_SIZE,
      createIfMissing: this.env.DATABASE_CREATE,
      migrationsRun: this.env.MIGRATIONS_RUN,
    };
  }
  get redis() {
    return { url: this.env.REDIS_URL, queuePrefix: this.env.QUEUE_PREFIX };
  }
  get worker() {
    return { concurrency: this.env.WORKER_CONCURRENCY, outboxPollMs: this.env.OUTBOX_POLL_MS };
  }
  get logLevel() {
    return this.env.LOG_LEVEL;
  }
  get auth() {
    return {
      jwtSecret: this.env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      jwtTtlSeconds: this.env.JWT_TTL_SECONDS,
    };
  }
  get rateLimits() {
    return {
      loginRateLimit: this.env.LOGIN_RATE_LIMIT,
      loginRateWindowSeconds: this.env.LOGIN_RATE_WINDOW_SECONDS,
      recommendationsRateLimit: this.env.RECOMMENDATIONS_RATE_LIMIT,
      recommendationsRateWindowSeconds: this.env.RECOMMENDATIONS_RATE_WINDOW_SECONDS,
    };
  }
  get recommendations() {
    return { pageCacheMegabytes: this.env.RECOMMENDATION_PAGE_CACHE_MB };
  }
  get bootstrapAdmin(): { email: string; password: string } | null {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    return email && password ? { email, password } : null;
  }
  get listings() {
    return { reviewRequired: this.env.LISTING_REVIEW };
  }
  get matching() {
    return {
      matchesPerListing: this.env.MATCHES_PER_LISTING,
      minScore: this.env.MATCH_MIN_SCORE,
      candidateLimit: this.env.MATCH_CANDIDATES,
      featureCacheSize: this.env.MATCH_FEATURE_CACHE,
      liveIndex: this.env.MATCH_LIVE_INDEX,
      liveRebuildMinutes: this.env.MATCH_LIVE_REBUILD_MINUTES,
      rematchBatchSize: this.env.REMATCH_BATCH_SIZE,
    };
  }
  get metrics() {
    return { token: this.env.METRICS_TOKEN ?? null, workerPort: this.env.WORKER_METRICS_PORT ?? null, host: this.env.HOST };
  }
  get notifications() {
    return {
      newMatchMinScore: this.env.NOTIFY_MIN_SCORE,
      webhookAttempts: this.env.WEBHOOK_ATTEMPTS,
      webhookBackoffMs: this.env.WEBHOOK_BACKOFF_MS,
      webhookTimeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      webhookAllowPrivateAddresses: this.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    };
  }
}
