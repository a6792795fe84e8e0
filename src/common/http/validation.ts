import { Type, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
};

/**
 * For routes declared once for several DTO classes (offers and needs), where TypeScript's
 * emitted parameter type cannot name the class: validates against the given one.
 */
export function validateAs(type: Type<unknown>): ValidationPipe {
  return new ValidationPipe({ ...VALIDATION_OPTIONS, expectedType: type });
}
