import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsOptional, IsUUID } from 'class-validator';
import { SECTORS } from '../../matching/taxonomy/taxonomy.types';
import type { Sector } from '../../matching/taxonomy/taxonomy.types';
import { LISTING_KINDS, LISTING_STATUSES, ListingKind, ListingStatus, TRANSFER_MODES, TransferMode } from '../listing.constants';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of: ${values.join(', ')}` });
const REGIONS = ['china', 'asean', 'other'] as const;
export const EXPORT_FORMATS = ['csv', 'json'] as const;

/** The filters of the admin listing list and of search; absent ones select everything (every status too). */
export class ListingExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, oneOf('format', EXPORT_FORMATS))
  format: (typeof EXPORT_FORMATS)[number] = 'csv';

  @ApiPropertyOptional({ enum: LISTING_KINDS })
  @IsOptional()
  @IsIn(LISTING_KINDS, oneOf('kind', LISTING_KINDS))
  kind?: ListingKind;

  @ApiPropertyOptional({ enum: LISTING_STATUSES })
  @IsOptional()
  @IsIn(LISTING_STATUSES, oneOf('status', LISTING_STATUSES))
  status?: ListingStatus;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS, oneOf('sector', SECTORS))
  sector?: Sector;

  @ApiPropertyOptional({ example: 'TH', description: "The owning party's country" })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CN, TH or VN' })
  country?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS, oneOf('region', REGIONS))
  region?: string;

  @ApiPropertyOptional({ enum: TRANSFER_MODES })
  @IsOptional()
  @IsIn(TRANSFER_MODES, oneOf('transferMode', TRANSFER_MODES))
  transferMode?: TransferMode;

  @ApiPropertyOptional({ format: 'uuid', description: 'One party’s listings' })
  @IsOptional()
  @IsUUID('all', { message: 'partyId must be a UUID' })
  partyId?: string;
}
