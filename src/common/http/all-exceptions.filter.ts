import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { errorBody, ErrorBody } from './error-body';

/** body-parser's errors carry an http-errors `type` and status but are no HttpException. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is too large',
  'encoding.unsupported': 'The request body has an unsupported encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
  'request.aborted': 'The request was aborted',
};

/** PostgreSQL and ioredis errors that mean "a dependency is down", answered 503 rather than 500. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/**
 * PostgreSQL data exceptions caused by a value the request carried past its DTO (an integer beyond
 * int4, say, which @IsInt accepts up to 1e308): the request is at fault, so 400, not 500. Logged,
 * since each one means a DTO lacks a bound.
 */
const INPUT_DATA_CODES: Record<string, string> = {
  '22003': 'a number in the request is out of range',
  '22001': 'a value in the request is too long',
  '22P02': 'a value in the request is not of the expected type',
  '22007': 'a date or time in the request is not valid',
  '22008': 'a date or time in the request is out of range',
  '22021': 'text in the request is not valid UTF-8',
  '22P05': 'text in the request holds a character that cannot be stored (such as NUL)',
};

function isUnavailable(exception: unknown): boolean {
  const { code, message } = exception as { code?: string; message?: string };
  return (
    (code !== undefined && UNAVAILABLE_CODES.has(code)) ||
    // 55000 alone is too broad a code; with this message it is a database closed to connections
    // (ALLOW_CONNECTIONS false, as during maintenance or a restore).
    /Connection terminated|timeout exceeded when trying to connect|Connection is closed|is not currently accepting connections/i.test(message ?? '')
  );
}

/**
 * Turns every error into the one error body. HttpExceptions keep their status and message;
 * anything unexpected is logged with its stack and answered 500 without internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const body = this.toBody(exception, request);
    if (body.statusCode === HttpStatus.TOO_MANY_REQUESTS && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', '60');
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    const bodyParser = exception as BodyParserError;
    if (bodyParser?.type && bodyParser.type in BODY_PARSER_MESSAGES && bodyParser.status) {
      return errorBody(bodyParser.status, BODY_PARSER_MESSAGES[bodyParser.type]);
    }
    const code = (exception as { code?: unknown })?.code;
    if (typeof code === 'string' && code in INPUT_DATA_CODES) {
      this.logger.warn({ err: exception, path: request.url }, 'request value refused by PostgreSQL: a DTO lacks a bound');
      return errorBody(HttpStatus.BAD_REQUEST, INPUT_DATA_CODES[code]);
    }
    if (isUnavailable(exception)) {
      this.logger.warn({ err: exception, path: request.url }, 'dependency unavailable');
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'A service dependency is unavailable; try again shortly');
    }
    this.logger.error({ err: exception, path: request.url }, 'unhandled error');
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private fromHttpException(exception: HttpException): ErrorBody {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return errorBody(status, response);
    const { message, details } = response as { message?: unknown; details?: unknown[] };
    if (Array.isArray(message)) {
      // ValidationPipe answers with one message per failed constraint.
      return errorBody(status, message.join('; '), details ?? message);
    }
    return errorBody(status, typeof message === 'string' ? message : exception.message, details ?? []);
  }
}
