import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QueueName } from '../../queue/queue-names';

const PING_TIMEOUT_MS = 1500;

/** Pings Redis through the queue's own connection, the one that job submission depends on. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue(QueueName.Matching) private readonly queue: Queue,
  ) {}

  async pingCheck(key: string) {
    const indicator = this.health.check(key);
    try {
      const client = await this.queue.getBackend().client;
      await Promise.race([
        client.runCommand('ping', []),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), PING_TIMEOUT_MS).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
