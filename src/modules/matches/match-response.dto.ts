import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ListingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['offer', 'need'] }) kind!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty() language!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty() partyName!: string;
  @ApiProperty() country!: string;
}

export class CounterpartDto extends ListingSummaryDto {}

export class FactorDto {
  @ApiProperty({ example: 'concepts' }) name!: string;
  @ApiProperty() weight!: number;
  @ApiProperty() value!: number;
  @ApiProperty() contribution!: number;
}

export class SharedConceptDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'sd.renewable-energy.photovoltaics' }) code!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { en: 'photovoltaics', zh: '光伏', th: 'เซลล์แสงอาทิตย์' }, description: 'English and both parties’ languages' })
  labels!: Record<string, string>;
}

export class ExplanationDto {
  @ApiProperty({ type: [FactorDto], description: 'Contributions add up to the score' }) factors!: FactorDto[];
  @ApiProperty({ type: [SharedConceptDto] }) sharedConcepts!: SharedConceptDto[];
}

export class MatchResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ListingSummaryDto }) offer!: ListingSummaryDto;
  @ApiProperty({ type: ListingSummaryDto }) need!: ListingSummaryDto;
  @ApiPropertyOptional({ type: CounterpartDto, description: 'The other side, seen from the caller; absent for admins' }) counterpart?: CounterpartDto;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ type: ExplanationDto }) explanation!: ExplanationDto;
  @ApiProperty({ enum: ['proposed', 'approved', 'rejected'] }) status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) offerPreference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) needPreference!: string | null;
  @ApiProperty() algorithmVersion!: string;
  @ApiProperty({ description: 'Send back with a review decision; a stale one is 409' }) version!: number;
  @ApiProperty() updatedAt!: string;
}
