import { utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MatchingProcessor } from './matching.processor';

export const HEARTBEAT_FILE = join(tmpdir(), 'techbridge-worker.heartbeat');
const BEAT_MS = 10_000;

/** Touches a file while the BullMQ worker runs; the container health check reads its age. */
@Injectable()
export class WorkerHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly processor: MatchingProcessor) {}

  async onApplicationBootstrap(): Promise<void> {
    await writeFile(HEARTBEAT_FILE, '');
    this.timer = setInterval(() => {
      if (!this.processor.worker.isRunning()) return;
      const now = new Date();
      utimes(HEARTBEAT_FILE, now, now).catch(() => writeFile(HEARTBEAT_FILE, '').catch(() => undefined));
    }, BEAT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
