import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

/** Seconds; from a cached read (a few ms) to a large import or export (tens of seconds). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Request durations labelled by the route pattern (`/api/v1/offers/:id`), never the raw URL: ids
 * in the path would make a time series per listing. Requests no route matched share one label.
 */
export class HttpMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'techbridge_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    });
  }

  /** Express middleware; the route is read when the response is finished, once the router has matched it. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routePattern(req), status: String(res.statusCode) });
    });
    next();
  };
}

export function routePattern(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const path: unknown = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${path}` || '/';
}
