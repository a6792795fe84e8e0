import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { JobMetricsService } from './job-metrics.service';
import { metricsAuthorized } from './metrics-token';

/**
 * The worker has no HTTP API; when WORKER_METRICS_PORT is set it answers GET /metrics (and only
 * that) on its own port, with the same METRICS_TOKEN rule as the API, so Prometheus scrapes every
 * worker directly and durations are counted where the jobs ran.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: JobMetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { workerPort, host, token } = this.config.metrics;
    if (workerPort === null) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      if (!metricsAuthorized(req.headers.authorization, token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('metrics need the bearer METRICS_TOKEN\n');
        return;
      }
      this.metrics.render().then(
        (body) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(body),
        (error: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${error.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(workerPort, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`worker metrics on http://${host}:${this.port()}/metrics`);
  }

  /** The bound port (WORKER_METRICS_PORT=0 picks a free one); null when the server is off. */
  port(): number | null {
    return this.server ? (this.server.address() as AddressInfo).port : null;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
