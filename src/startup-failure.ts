import { InvalidEnvironmentError } from './config/env.schema';

/** A failed start prints why in plain words (not a stack for a bad setting) and exits non-zero. */
export function exitOnStartupFailure(error: unknown): never {
  const message = error instanceof InvalidEnvironmentError ? error.message : (error as Error)?.stack ?? String(error);
  process.stderr.write(`techbridge failed to start: ${message}\n`);
  process.exit(1);
}
