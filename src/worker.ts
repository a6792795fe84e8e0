import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { parseEnv } from './config/env.schema';
import { exitOnStartupFailure } from './startup-failure';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  parseEnv(process.env); // fail before Nest starts, with a message naming the variable
  // The job workers start inside createApplicationContext, before shutdown hooks can be enabled:
  // a signal in that window is held here, not allowed to kill the process with a job in hand.
  let stopSignal: NodeJS.Signals | null = null;
  const holdSignal = (signal: NodeJS.Signals) => (stopSignal = signal);
  process.once('SIGTERM', holdSignal).once('SIGINT', holdSignal);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  process.off('SIGTERM', holdSignal).off('SIGINT', holdSignal);
  app.useLogger(app.get(Logger));
  // Closing on SIGTERM lets BullMQ finish in-flight jobs before the queues disconnect.
  app.enableShutdownHooks();
  if (stopSignal) {
    app.get(Logger).log(`techbridge worker stopping: ${stopSignal} during start-up`);
    await app.close();
    return;
  }
  app.get(Logger).log('techbridge worker started');
}

bootstrap().catch(exitOnStartupFailure);
