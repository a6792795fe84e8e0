import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { SECTORS } from '../matching/taxonomy/taxonomy.types';
import type { Sector } from '../matching/taxonomy/taxonomy.types';
import { IP_STATUSES, IpStatus, LISTING_STATUSES, ListingStatus, STAGES, Stage, TRANSFER_MODES, TransferMode } from './listing.constants';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of: ${values.join(', ')}` });
const eachOneOf = (name: string, values: readonly string[]) => ({ each: true, message: `each of ${name} must be one of: ${values.join(', ')}` });
const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const upper = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : value);

/** What offers and needs share; each kind adds its own fields below. */
class ListingBodyDto {
  @ApiProperty({ maxLength: 256, example: '分布式光伏微电网技术' })
  @IsString()
  @Length(1, 256, { message: 'title must be 1 to 256 characters long' })
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  summary?: string;

  @ApiProperty({ maxLength: 4000, example: '适用于海岛和偏远村庄的光伏微电网，含储能与智能调度。' })
  @IsString()
  @Length(1, 4000, { message: 'description must be 1 to 4000 characters long' })
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @ApiPropertyOptional({ example: 'zh', description: 'BCP 47; detected from the text when absent' })
  @IsOptional()
  @Matches(BCP47, { message: 'language must be a BCP 47 tag such as zh, th, vi, id, ms or en' })
  @MaxLength(35)
  language?: string;

  @ApiPropertyOptional({ enum: SECTORS, description: 'Suggested from the text when absent; the answer says so' })
  @IsOptional()
  @IsIn(SECTORS, oneOf('sector', SECTORS))
  sector?: Sector;

  @ApiPropertyOptional({ type: [String], example: ['sd.renewable-energy'], description: 'Field codes of the matching taxonomy' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  fields?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10, { message: 'keywords must have at most 10 entries' })
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  keywords?: string[];

  @ApiPropertyOptional({ type: [Number], example: [7, 13] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(17)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true, message: 'sdgs must be between 1 and 17' })
  @Max(17, { each: true, message: 'sdgs must be between 1 and 17' })
  sdgs?: number[];

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES, oneOf('stage', STAGES))
  stage?: Stage;

  @ApiPropertyOptional({ enum: IP_STATUSES })
  @IsOptional()
  @IsIn(IP_STATUSES, oneOf('ipStatus', IP_STATUSES))
  ipStatus?: IpStatus;

  @ApiProperty({ enum: TRANSFER_MODES, isArray: true })
  @IsArray()
  @ArrayMaxSize(TRANSFER_MODES.length)
  @ArrayUnique()
  @IsIn(TRANSFER_MODES, eachOneOf('transferModes', TRANSFER_MODES))
  transferModes!: TransferMode[];

  @ApiPropertyOptional({ type: [String], example: ['TH', 'VN'], description: 'ISO 3166-1 alpha-2; empty means anywhere' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Transform(upper)
  @IsISO31661Alpha2({ each: true, message: 'targetCountries must be ISO 3166-1 alpha-2 codes such as CN, TH or VN' })
  targetCountries?: string[];

  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadline must be a date such as 2027-06-30' })
  deadline?: string;

  @ApiPropertyOptional({ enum: ['draft', 'submitted'], default: 'submitted' })
  @IsOptional()
  @IsIn(['draft', 'submitted'], oneOf('status', ['draft', 'submitted']))
  status?: 'draft' | 'submitted';
}

export class CreateOfferDto extends ListingBodyDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Advantages and innovation' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  advantages?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Technology readiness level' })
  @IsOptional()
  @IsInt({ message: 'trl must be a whole number from 1 to 9' })
  @Min(1, { message: 'trl must be a whole number from 1 to 9' })
  @Max(9, { message: 'trl must be a whole number from 1 to 9' })
  trl?: number;
}

export class CreateNeedDto extends ListingBodyDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'What the technology must do' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  requirements?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Lowest technology readiness level accepted' })
  @IsOptional()
  @IsInt({ message: 'minTrl must be a whole number from 1 to 9' })
  @Min(1, { message: 'minTrl must be a whole number from 1 to 9' })
  @Max(9, { message: 'minTrl must be a whole number from 1 to 9' })
  minTrl?: number;
}

/** A change; `status` may only move a draft (or a rejected listing) to review. */
export class UpdateOfferDto extends PartialType(OmitType(CreateOfferDto, [] as const)) {}
export class UpdateNeedDto extends PartialType(OmitType(CreateNeedDto, [] as const)) {}
export type CreateListingDto = CreateOfferDto | CreateNeedDto;
export type UpdateListingDto = UpdateOfferDto | UpdateNeedDto;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS, oneOf('sector', SECTORS))
  sector?: Sector;

  @ApiPropertyOptional({ example: 'TH' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CN, TH or VN' })
  country?: string;

  @ApiPropertyOptional({ enum: ['china', 'asean', 'other'] })
  @IsOptional()
  @IsIn(['china', 'asean', 'other'], oneOf('region', ['china', 'asean', 'other']))
  region?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Offers: TRL at least this; needs: lowest accepted TRL at least this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  trlMin?: number;

  @ApiPropertyOptional({ enum: TRANSFER_MODES })
  @IsOptional()
  @IsIn(TRANSFER_MODES, oneOf('transferMode', TRANSFER_MODES))
  transferMode?: TransferMode;

  @ApiPropertyOptional({ enum: LISTING_STATUSES, description: 'Other than published: only with mine=true, or for admins' })
  @IsOptional()
  @IsIn(LISTING_STATUSES, oneOf('status', LISTING_STATUSES))
  status?: ListingStatus;

  @ApiPropertyOptional({ description: 'Only the caller’s party’s listings, in every status' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Full-text in any language (Chinese and Thai too)', example: '光伏' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}

export class ReviewNoteDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectListingDto {
  @ApiProperty({ maxLength: 2000, description: 'Tells the owner what to change' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}

export class AdminListingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LISTING_STATUSES, default: 'submitted' })
  @IsOptional()
  @IsIn(LISTING_STATUSES, oneOf('status', LISTING_STATUSES))
  status: ListingStatus = 'submitted';
}
