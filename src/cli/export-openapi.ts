import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { configureApp } from '../configure-app';
import { parseEnv } from '../config/env.schema';
import { exitOnStartupFailure } from '../startup-failure';

const OUTPUT = resolve(__dirname, '../../openapi/openapi.json');

/** Object keys sorted at every depth, so the committed file changes only when the API does. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * `npm run openapi:export`: boots the API exactly as main.ts does and saves what it serves at
 * /docs-json, rather than building a second document beside it that could say something else.
 * The app connects to PostgreSQL and Redis like any start (a database without tables is enough:
 * migrations are off unless asked for), and it listens on a random loopback port only for the
 * moment of the request.
 */
async function main() {
  process.env.LOG_LEVEL ??= 'error';
  process.env.MIGRATIONS_RUN ??= 'false';
  parseEnv(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error'] });
  try {
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    const document = sortKeys(await response.json());
    await mkdir(dirname(OUTPUT), { recursive: true });
    await writeFile(OUTPUT, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote ${OUTPUT}`);
  } finally {
    await app.close();
  }
}

main().catch(exitOnStartupFailure);
