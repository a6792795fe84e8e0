import { INestApplication, Module } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { ApiMetricsService } from './api-metrics.service';
import { MetricsController } from './metrics.controller';

/** GET /metrics of the API, and the HTTP duration middleware that configureApp mounts. */
@Module({
  controllers: [MetricsController],
  providers: [ApiMetricsService],
  exports: [ApiMetricsService],
})
export class MetricsModule {}

/** Mounted before the routes (configureApp), so that every response is timed, 404s and 401s too. */
export function httpMetricsMiddleware(app: INestApplication): RequestHandler {
  return app.get(ApiMetricsService, { strict: false }).http.middleware;
}
