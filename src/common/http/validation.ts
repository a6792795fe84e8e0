import { ArgumentMetadata, BadRequestException, Type, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { findUnsafeInput } from './input-safety';

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
};

function isNullable(dto: object, key: string): boolean {
  const property = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, Object.getPrototypeOf(dto), key) as { nullable?: boolean } | undefined;
  return property?.nullable === true;
}

/**
 * The first property of a validated body (nested DTOs included) that is null where the OpenAPI
 * document does not say `nullable`. @IsOptional() passes null as if the field were absent, and
 * services then took it for a value (`null.filter`, NOT NULL violations: 500s).
 */
function findForbiddenNull(body: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
      continue;
    }
    // Only DTO instances carry declarations; a plain object (a free-form JSON field) is its own business.
    if (Object.getPrototypeOf(value) === Object.prototype) continue;
    for (const [key, item] of Object.entries(value)) {
      const where = path === '' ? key : `${path}.${key}`;
      if (item === null && !isNullable(value, key)) return `${where} must not be null (leave it out instead)`;
      stack.push({ value: item, path: where });
    }
  }
  return null;
}

/**
 * ValidationPipe that first refuses input no DTO rule can catch (NUL characters, lone surrogates,
 * deep nesting: see input-safety.ts), for every body, query and path parameter, DTO or not; and,
 * after validation, null where the DTO does not declare it nullable.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = VALIDATION_OPTIONS) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      // A body without a DTO class (the listing import) is parsed and checked by its service, which
      // names the row and column of a bad character; only the nesting limit applies to it here.
      const metatype = this.expectedType ?? metadata.metatype;
      const rawBody = metadata.type === 'body' && (metatype === undefined || metatype === Object);
      const problem = findUnsafeInput(value, {
        root: metadata.data,
        whole: metadata.type === 'query' ? 'the query string' : 'the request body',
        depthOnly: rawBody,
      });
      if (problem) throw new BadRequestException(problem);
    }
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body') {
      const problem = findForbiddenNull(result);
      if (problem) throw new BadRequestException(problem);
    }
    return result;
  }
}

/**
 * For routes declared once for several DTO classes (offers and needs), where TypeScript's
 * emitted parameter type cannot name the class: validates against the given one.
 */
export function validateAs(type: Type<unknown>): ValidationPipe {
  return new AppValidationPipe({ ...VALIDATION_OPTIONS, expectedType: type });
}
