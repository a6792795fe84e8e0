import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', 'on', 'off', '1', '0'])
  .transform((value) => value === 'true' || value === 'on' || value === '1');

const durationSeconds = z.coerce.number().int().positive();

/**
 * Every environment variable the service reads, with defaults that work on a developer machine.
 * Validated once at start; a bad value stops the process with a message that names the variable.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/techbridge'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_CREATE: booleanFlag.default(true),
    MIGRATIONS_RUN: booleanFlag.default(true),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only').default('techbridge'),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(500),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'a size such as 512kb or 1mb').default('1mb'),
    JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    JWT_TTL_SECONDS: durationSeconds.default(3600),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_WINDOW_SECONDS: durationSeconds.default(60),
    /** Recommendation reads per party per window (lists and single matches); 429 beyond. */
    RECOMMENDATIONS_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
    RECOMMENDATIONS_RATE_WINDOW_SECONDS: durationSeconds.default(60),
    /** Memory for recommendation pages an API process keeps as sent (checked against the change log on every read); 0 turns it off. */
    RECOMMENDATION_PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
    LISTING_REVIEW: booleanFlag.default(true),
    /** Recommendations a listing keeps; a party reads a handful, and every kept pair is a row to rewrite in a re-match. */
    MATCHES_PER_LISTING: z.coerce.number().int().min(1).max(500).default(20),
    MATCH_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.15),
    /** Candidates scored per listing: 500 keeps recall@10 against exhaustive scoring at 0.95 (300: 0.91) on 100k listings. */
    MATCH_CANDIDATES: z.coerce.number().int().min(10).max(5000).default(500),
    /** Prepared counterparts a worker keeps between jobs (about 5 KB each); 0 turns the cache off. */
    MATCH_FEATURE_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(50_000),
    /**
     * Each worker keeps every published listing in memory (about 4 KB each), kept exact through a change log, and scores a
     * listing from it; off: candidates come from SQL and counterparts from MATCH_FEATURE_CACHE.
     */
    MATCH_LIVE_INDEX: booleanFlag.default(true),
    /** How often the in-memory copy is read again, with the IDF weights of the moment. */
    MATCH_LIVE_REBUILD_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
    /** Listings per re-match batch job, read, scored and written at once: a worker killed mid-batch loses at most this much work per active job. */
    REMATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(100),
    NOTIFY_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.4),
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Lets webhooks reach loopback, private and link-local addresses: for development and tests only. */
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFlag.default(false),
    /** When set, GET /metrics (API and worker) wants `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** A worker serves its job metrics on this port (0: any free port); unset: no metrics server. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required in production' });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {}

/** Parses the environment or throws one error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(blankAsUnset);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new InvalidEnvironmentError(`Invalid environment:\n${problems.join('\n')}`);
}
