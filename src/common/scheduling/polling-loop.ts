export interface PollingLoopOptions {
  /** For the log line of a failed run, e.g. "outbox relay". */
  name: string;
  /** Pause after a run ends before the next one starts; read before every pause. */
  intervalMs: () => number;
  work: () => Promise<unknown>;
  logger: { warn(details: object, message: string): void };
}

/**
 * A background sweep: runs now, then again `intervalMs` after each run ends, never two runs at
 * once. A failed run is logged and the next tick tries again (the database or Redis may be away
 * for a while). `stop` waits for the run in progress, so shutdown never cuts one in half.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      this.running = this.options.work().catch((error) => this.options.logger.warn({ err: error }, `${this.options.name} failed; retrying`));
      await this.running;
      this.running = null;
      this.schedule(this.options.intervalMs());
    }, delayMs);
  }
}

/** Runs `batch` until one settles fewer than `batchSize` items; returns how many were settled in all. */
export async function drainBatches(batch: () => Promise<number>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const settled = await batch();
    total += settled;
    if (settled < batchSize) return total;
  }
}
