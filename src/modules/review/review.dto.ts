import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { MatchResponseDto } from '../matches/match-response.dto';
import { MATCH_STATUSES, MatchStatus, PREFERENCES } from '../matches/match.entity';
import { SECTORS } from '../matching/taxonomy/taxonomy.types';
import type { Sector } from '../matching/taxonomy/taxonomy.types';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of: ${values.join(', ')}` });
export const PREFERENCE_FILTERS = [...PREFERENCES, 'none'] as const;
export type PreferenceFilter = (typeof PREFERENCE_FILTERS)[number];
export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];
export const MAX_BULK_DECISIONS = 500;

export class AdminMatchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MATCH_STATUSES, description: 'All statuses when absent' })
  @IsOptional()
  @IsIn(MATCH_STATUSES, oneOf('status', MATCH_STATUSES))
  status?: MatchStatus;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS, oneOf('sector', SECTORS))
  sector?: Sector;

  @ApiPropertyOptional({ example: 'CN-TH', description: 'One country (either side) or a pair such as CN-TH (either direction)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}(-[A-Za-z]{2})?$/, { message: 'country must be a country code such as TH or a pair such as CN-TH' })
  country?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'minScore must be a number from 0 to 1' })
  @Min(0, { message: 'minScore must be a number from 0 to 1' })
  @Max(1, { message: 'minScore must be a number from 0 to 1' })
  minScore?: number;

  @ApiPropertyOptional({ enum: PREFERENCE_FILTERS, description: 'none: the offer side has not said' })
  @IsOptional()
  @IsIn(PREFERENCE_FILTERS, oneOf('offerPreference', PREFERENCE_FILTERS))
  offerPreference?: PreferenceFilter;

  @ApiPropertyOptional({ enum: PREFERENCE_FILTERS, description: 'none: the need side has not said' })
  @IsOptional()
  @IsIn(PREFERENCE_FILTERS, oneOf('needPreference', PREFERENCE_FILTERS))
  needPreference?: PreferenceFilter;

  @ApiPropertyOptional({ description: 'Both sides said meet or must-meet' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'wantedByBoth must be true or false' })
  wantedByBoth?: boolean;
}

export class ReviewMatchDto {
  @ApiProperty({ description: 'The version you read; a stale one is 409', minimum: 1, maximum: 2_147_483_647 })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be a whole number' })
  // The column is a PostgreSQL integer: a larger number is not a version at all.
  @Max(2_147_483_647, { message: 'version must be at most 2147483647' })
  version!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'note must be at most 2000 characters long' })
  note?: string;
}

/** One decision of a bulk review; checked one by one so a bad item answers "invalid" and the rest apply. */
export class ReviewDecisionDto extends ReviewMatchDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, oneOf('decision', DECISIONS))
  decision!: Decision;
}

export class BulkReviewDto {
  @ApiProperty({ type: [ReviewDecisionDto], maxItems: MAX_BULK_DECISIONS })
  @IsArray()
  @ArrayMinSize(1, { message: 'decisions must hold at least one decision' })
  @ArrayMaxSize(MAX_BULK_DECISIONS, { message: `decisions must hold at most ${MAX_BULK_DECISIONS} decisions` })
  @IsObject({ each: true, message: 'each decision must be an object { id, version, decision, note? }' })
  decisions!: Record<string, unknown>[];
}

export const REVIEW_RESULTS = ['ok', 'not-found', 'conflict', 'invalid'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

export class ReviewOutcomeDto {
  @ApiProperty({ description: 'The id as sent (may be no UUID when result is invalid)' }) id!: string;
  @ApiProperty({ enum: REVIEW_RESULTS }) result!: ReviewResult;
  @ApiPropertyOptional({ enum: MATCH_STATUSES, description: 'The status now (ok)' }) status?: string;
  @ApiPropertyOptional({ description: 'The version now (ok), or the current one (conflict)' }) version?: number;
  @ApiPropertyOptional({ description: 'Why, when not ok' }) message?: string;
}

export class BulkReviewResponseDto {
  @ApiProperty({ type: [ReviewOutcomeDto], description: 'One per decision, in the order sent' }) results!: ReviewOutcomeDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { ok: 498, 'not-found': 1, conflict: 1, invalid: 0 } }) counts!: Record<ReviewResult, number>;
}

export class AdminMatchResponseDto extends MatchResponseDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Meeting priority (tier * 2 + score); null when a side said no-thanks' }) priority!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) reviewedBy!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
}
