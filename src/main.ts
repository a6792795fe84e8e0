import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { AppConfig } from './config/app-config.service';
import { parseEnv } from './config/env.schema';
import { exitOnStartupFailure } from './startup-failure';

async function bootstrap() {
  parseEnv(process.env); // fail before Nest starts, with a message naming the variable
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureApp(app);
  const { port, host } = app.get(AppConfig).http;
  await app.listen(port, host);
  app.get(Logger).log(`techbridge API listening on http://${host}:${port} (docs at /docs)`);
}

bootstrap().catch(exitOnStartupFailure);
