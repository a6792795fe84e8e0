import { ArgumentMetadata, BadRequestException, Type, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { findUnsafeInput } from './input-safety';

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
};

/**
 * ValidationPipe that first refuses input no DTO rule can catch (NUL characters, lone surrogates,
 * deep nesting: see input-safety.ts), for every body, query and path parameter, DTO or not.
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
    return super.transform(value, metadata);
  }
}

/**
 * For routes declared once for several DTO classes (offers and needs), where TypeScript's
 * emitted parameter type cannot name the class: validates against the given one.
 */
export function validateAs(type: Type<unknown>): ValidationPipe {
  return new AppValidationPipe({ ...VALIDATION_OPTIONS, expectedType: type });
}
