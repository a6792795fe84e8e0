import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { VALIDATION_OPTIONS } from '../../../common/http/validation';
import { ListingKind } from '../listing.constants';
import { CreateListingDto, CreateNeedDto, CreateOfferDto } from '../listing.dto';
import { RowError } from './listing-import-row';

const KIND_ONLY: Record<string, ListingKind> = { advantages: 'offer', trl: 'offer', requirements: 'need', minTrl: 'need' };

/**
 * Validates a row's body with the DTO class and the options of the API's ValidationPipe, so an
 * import accepts exactly what `POST /offers` and `POST /needs` accept.
 */
export async function validateListingBody(kind: ListingKind, body: Record<string, unknown>): Promise<{ dto: CreateListingDto; errors: RowError[] }> {
  const type = kind === 'offer' ? CreateOfferDto : CreateNeedDto;
  const dto = plainToInstance(type, body, VALIDATION_OPTIONS.transformOptions) as CreateListingDto;
  const { whitelist, forbidNonWhitelisted, stopAtFirstError, validationError } = VALIDATION_OPTIONS;
  const failures = await validate(dto, { whitelist, forbidNonWhitelisted, stopAtFirstError, validationError });
  return { dto, errors: failures.map((failure) => toRowError(kind, failure)) };
}

function toRowError(kind: ListingKind, failure: ValidationError): RowError {
  const owner = KIND_ONLY[failure.property];
  if (failure.constraints?.whitelistValidation && owner && owner !== kind) {
    return { field: failure.property, message: `${failure.property} is for ${owner}s; leave it empty on ${kind} rows` };
  }
  if (failure.constraints?.whitelistValidation) {
    return { field: failure.property, message: `${failure.property} is not a listing field` };
  }
  // Several constraints of one property often share a message ("trl must be a whole number from 1 to 9").
  const messages = [...new Set(Object.values(failure.constraints ?? {}))];
  return { field: failure.property, message: messages.join('; ') || `${failure.property} is not valid` };
}
