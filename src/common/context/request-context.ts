import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.-]{1,128}$/;

/**
 * Gives each request an id (the caller's X-Request-Id when sane), echoes it back, and keeps it
 * reachable from services (the audit trail records it) without passing the request around.
 * pino-http reuses `req.id`, so logs carry the same id.
 */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const requestId = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (request as Request & { id: string }).id = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  storage.run({ requestId }, next);
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
