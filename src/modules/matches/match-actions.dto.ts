import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { FEEDBACK_REASONS, FeedbackReason } from './match-feedback.entity';
import { PREFERENCES, Preference } from './match.entity';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of: ${values.join(', ')}` });

export const RECOMMENDATION_STATUSES = ['proposed', 'approved'] as const;

export class RecommendationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES, description: 'approved: the introductions the organisers approved' })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATUSES, oneOf('status', RECOMMENDATION_STATUSES))
  status?: (typeof RECOMMENDATION_STATUSES)[number];
}

export class SetPreferenceDto {
  @ApiProperty({ enum: PREFERENCES, description: 'One no-thanks keeps the pair out of scheduling' })
  @IsIn(PREFERENCES, oneOf('preference', PREFERENCES))
  preference!: Preference;
}

export class MatchFeedbackDto {
  @ApiProperty({ enum: FEEDBACK_REASONS })
  @IsIn(FEEDBACK_REASONS, oneOf('reason', FEEDBACK_REASONS))
  reason!: FeedbackReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'comment must be at most 2000 characters long' })
  comment?: string;
}

export class MatchFeedbackResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matchId!: string;
  @ApiProperty({ enum: ['offer', 'need'], description: 'The side the caller’s party is on' }) side!: string;
  @ApiProperty({ enum: FEEDBACK_REASONS }) reason!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
