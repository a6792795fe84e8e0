import { HttpStatus, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { IS_PUBLIC } from '../auth/public.decorator';
import { ROLES } from '../auth/roles.decorator';

/** The one error body of API.md (src/common/http/error-body.ts), as the document shows it. */
export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The reason phrase of the status' })
  error!: string;

  @ApiProperty({ example: 'sector must be one of the following values: agriculture, energy, health, ...' })
  message!: string;

  @ApiProperty({ type: 'array', items: {}, description: 'Per-field details for validation errors; empty otherwise' })
  details!: unknown[];
}

const ERROR_DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'The body, query or path does not validate; message names the field and the allowed values',
  [HttpStatus.UNAUTHORIZED]: 'No valid access token',
  [HttpStatus.FORBIDDEN]: 'An admin route called by a member',
  [HttpStatus.NOT_FOUND]: 'No such object, or one of another party that the caller may not see',
  [HttpStatus.CONFLICT]: 'The object is not in a state that allows this (or a version is stale)',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'The request body is larger than BODY_LIMIT',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too many requests; see Retry-After',
};

type Handler = (...args: unknown[]) => unknown;

function hasArgument(controller: Type, key: string, kinds: RouteParamtypes[]): boolean {
  const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {};
  return Object.keys(args).some((arg) => kinds.includes(Number(arg.split(':')[0])));
}

/**
 * The error responses every route of a controller can give, read from what the route declares,
 * so the document cannot forget one: 400 when it takes a body, query or path parameter, 401
 * unless @Public, 403 under @Roles, 404 for a path with an id, 413 for a body. Statuses a route
 * gives for its own reasons (409, 429) are added beside it, with ApiErrorResponse. A response a
 * route already documents with a schema is left as it is. Put it first among the class's
 * decorators: it runs last, so it sees the class's @Roles and @Public.
 */
export function ApiStandardErrors(): ClassDecorator {
  return (target) => {
    const controller = target as unknown as Type;
    ApiExtraModels(ErrorBodyDto)(controller);
    const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
    const classRoles = Reflect.getMetadata(ROLES, controller) !== undefined;
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, key);
      const handler = descriptor?.value as Handler | undefined;
      if (key === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '') + String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const statuses: HttpStatus[] = [];
      if (hasArgument(controller, key, [RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM])) statuses.push(HttpStatus.BAD_REQUEST);
      const open = classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true;
      if (!open) statuses.push(HttpStatus.UNAUTHORIZED);
      // An open route says so ("security: [{}]", no credentials needed) rather than saying nothing.
      if (open && !Reflect.getMetadata(DECORATORS.API_SECURITY, handler) && !Reflect.getMetadata(DECORATORS.API_SECURITY, controller)) {
        Reflect.defineMetadata(DECORATORS.API_SECURITY, [{}], handler);
      }
      if (classRoles || Reflect.getMetadata(ROLES, handler) !== undefined) statuses.push(HttpStatus.FORBIDDEN);
      if (path.includes(':')) statuses.push(HttpStatus.NOT_FOUND);
      if (hasArgument(controller, key, [RouteParamtypes.BODY])) statuses.push(HttpStatus.PAYLOAD_TOO_LARGE);
      // Errors a route documents with words only (ApiConflictResponse({ description })) get the body too.
      const documented: Record<string, unknown> = Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {};
      for (const status of Object.keys(documented).map(Number)) if (status >= 400 && !statuses.includes(status)) statuses.push(status);
      for (const status of statuses) ApiErrorResponse(status)(controller.prototype, key, descriptor!);
    }
  };
}

/** One error status with the error body; keeps a description the route already gave. */
export function ApiErrorResponse(status: HttpStatus, description?: string): MethodDecorator {
  return (target, key, descriptor) => {
    const responses: Record<string, { type?: unknown; schema?: unknown; description?: string }> =
      Reflect.getMetadata(DECORATORS.API_RESPONSE, descriptor.value as object) ?? {};
    const existing = responses[status];
    if (existing?.type || existing?.schema) return descriptor;
    return ApiResponse({ status, type: ErrorBodyDto, description: existing?.description ? '' : (description ?? ERROR_DESCRIPTIONS[status] ?? '') })(target, key, descriptor);
  };
}

/** `{ items, nextCursor }` of every list (API.md), with the item schema named. */
export function ApiPageResponse(item: Type, description = 'One page; nextCursor is null on the last'): MethodDecorator {
  return (target, key, descriptor) => {
    ApiExtraModels(item)(target.constructor);
    return ApiResponse({
      status: HttpStatus.OK,
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page' },
        },
      },
    })(target, key, descriptor);
  };
}
