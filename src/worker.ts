import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { parseEnv } from './config/env.schema';
import { exitOnStartupFailure } from './startup-failure';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  parseEnv(process.env); // fail before Nest starts, with a message naming the variable
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Closing on SIGTERM lets BullMQ finish in-flight jobs before the queues disconnect.
  app.enableShutdownHooks();
  app.get(Logger).log('techbridge worker started');
}

bootstrap().catch(exitOnStartupFailure);
