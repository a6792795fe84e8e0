import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { configureApp } from '../configure-app';
import { AppConfig } from '../config/app-config.service';
import { parseEnv } from '../config/env.schema';
import { UsersService } from '../modules/auth/users.service';
import { WorkerModule } from '../worker.module';
import { DEMO_FORUM, demoMemberEmail } from './demo-data';
import { DemoApiClient, DemoForumLoader, LoadProgress } from './demo-forum.loader';
import { bestMatches, formatReport, waitForMatching } from './demo-report';

/** Credentials printed at the end; a demo database is not a place for secrets. */
const DEMO_MEMBER_PASSWORD = 'demo member 2026';
const DEMO_ADMIN = { email: 'organiser@demo.techbridge.example', password: 'demo organiser 2026' };

function progressBar(label: string, done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const line = `  ${label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done >= total ? '\n' : ''}`);
  else if (done >= total) process.stdout.write(`${line}\n`);
}

const STEP_LABELS: Record<LoadProgress['step'], string> = { parties: 'registering parties', import: 'importing listings', publish: 'publishing listings' };

/**
 * `npm run demo`: the API and a worker in this process (as `npm start` runs them side by side),
 * the demo forum loaded through the HTTP API, matching awaited, the best matches printed; then it
 * keeps serving until Ctrl-C so the forum can be explored.
 */
async function main() {
  process.env.LOG_LEVEL ??= 'error'; // the report, not the service's log, is what a newcomer should read
  parseEnv(process.env);
  const admin = { email: process.env.ADMIN_EMAIL ?? DEMO_ADMIN.email, password: process.env.ADMIN_PASSWORD ?? DEMO_ADMIN.password };

  console.log('techbridge demo forum: starting the API (migrations included) and a matching worker…');
  const api = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  api.useLogger(api.get(Logger));
  configureApp(api);
  const { port, host } = api.get(AppConfig).http;
  await api.listen(port, host);
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();

  const address = api.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`;
  await api.get(UsersService, { strict: false }).ensureAdmin(admin.email, admin.password, 'Demo forum organiser');

  const client = new DemoApiClient(baseUrl);
  const adminToken = await client.login(admin.email, admin.password);
  console.log(`Loading ${DEMO_FORUM.parties.length} parties and ${DEMO_FORUM.listings.length} offers and needs through ${baseUrl}/api/v1`);
  const summary = await new DemoForumLoader(client, (p) => progressBar(STEP_LABELS[p.step], p.done, p.total)).load(DEMO_FORUM, adminToken, DEMO_MEMBER_PASSWORD);
  console.log(
    `  parties: ${summary.partiesCreated} registered, ${summary.partiesFound} already there; ` +
      `listings: ${summary.listingsImported} imported, ${summary.listingsFound} already there, ${summary.listingsPublished} published now`,
  );

  const dataSource = api.get(DataSource);
  const started = Date.now();
  const progress = await waitForMatching(dataSource, (p) => progressBar('scoring listings', p.scored, p.published));
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM matches`);
  if (process.stdout.isTTY && progress.scored < progress.published) process.stdout.write('\n');
  console.log(`  ${progress.scored} of ${progress.published} published listings scored, ${count} matches kept (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (progress.scored < progress.published) {
    console.log(`  ${progress.published - progress.scored} listings were not scored in time: see the worker's log (LOG_LEVEL=warn npm run demo) or ${baseUrl}/admin/queues`);
  }

  console.log('\nBest matches per sector, cross-language pairs first:');
  console.log(formatReport(await bestMatches(dataSource, client, adminToken)));

  const firstParty = DEMO_FORUM.parties[0];
  console.log(`
The forum is running; explore it (Ctrl-C stops the API and the worker):
  Swagger UI        ${baseUrl}/docs          (Authorize with a token from POST /api/v1/auth/login)
  queue dashboard   ${baseUrl}/admin/queues
  metrics           ${baseUrl}/metrics
  organiser (admin) ${admin.email} / ${process.env.ADMIN_PASSWORD ? '(your ADMIN_PASSWORD)' : admin.password}
  member            ${demoMemberEmail(firstParty.key)} / ${DEMO_MEMBER_PASSWORD}   (${firstParty.name}; every demo party has <key>@demo.techbridge.example)
  try               curl -s -H "Authorization: Bearer <member token>" ${baseUrl}/api/v1/recommendations
`);
}

main().catch((error) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(`\ndemo failed: ${(error as Error).message}${inUse ? ' (is `npm start` running? stop it, or run the demo with PORT=3001)' : ''}`);
  process.exit(1);
});
