import { INestApplication, Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { errorBody } from '../../common/http/error-body';
import { QueueName } from '../../queue/queue-names';
import { DASHBOARD_PATH, QueueDashboardController } from './queue-dashboard.controller';
import { QueueDashboardAccess } from './queue-dashboard-access.service';

/** Bull Board at /admin/queues (mounted by configureApp) and the route that opens its browser session. */
@Module({
  controllers: [QueueDashboardController],
  providers: [QueueDashboardAccess],
})
export class QueueDashboardModule {}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function refuse(req: Request, res: Response, status: 401 | 403, message: string): void {
  res.status(status).set('Cache-Control', 'no-store');
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  // A person opening the page reads how to get in; the dashboard's own API calls and scripts get the API's error shape.
  if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
    res.type('html').send(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>techbridge queues</title></head><body>` +
        `<h1>techbridge queue dashboard</h1><p>${escapeHtml(message)}.</p>` +
        `<p>In <a href="/docs">Swagger UI</a>: <em>Authorize</em> with an admin token from <code>POST /api/v1/auth/login</code>, ` +
        `run <code>POST /api/v1/admin/queues/session</code>, then reload this page.</p></body></html>`,
    );
    return;
  }
  res.json(errorBody(status, message));
}

/** Every request under /admin/queues passes the admin check before Bull Board sees it, its API included. */
export function queueDashboard(app: INestApplication): RequestHandler {
  const access = app.get(QueueDashboardAccess, { strict: false });
  const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'techbridge queues' } },
  });
  const router = Router();
  router.use((req, res, next) => {
    const verdict = access.check(req);
    if (verdict.allowed) return next();
    refuse(req, res, verdict.status, verdict.message);
  });
  router.use(serverAdapter.getRouter());
  return router;
}
