import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import { DEFAULT_JOB_OPTIONS } from './default-job-options';
import { QueueName } from './queue-names';
import { redisOptionsFromUrl } from './redis-connection';

const queues = Object.values(QueueName).map((name) => ({ name }));

/** Registers every queue; `role` decides how the Redis connection behaves when Redis is away. */
@Module({})
export class QueueModule {
  static forRoot(role: 'producer' | 'worker') {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptionsFromUrl(config.redis.url, role),
            prefix: config.redis.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...queues),
      ],
      exports: [BullModule],
    };
  }
}
