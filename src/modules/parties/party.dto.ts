import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsISO31661Alpha2, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { regionOf } from '../../common/geography/regions';
import { Party, PARTY_KINDS, PartyKind, SIZE_BANDS, SizeBand } from './party.entity';

const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

export class CreatePartyDto {
  @ApiProperty({ example: '广西光伏科技有限公司' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2; CN is China, BN KH ID LA MY MM PH SG TH VN are ASEAN' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CN, TH or VN' })
  country!: string;

  @ApiProperty({ enum: PARTY_KINDS })
  @IsIn(PARTY_KINDS, { message: `kind must be one of: ${PARTY_KINDS.join(', ')}` })
  kind!: PartyKind;

  @ApiPropertyOptional({ enum: SIZE_BANDS })
  @IsOptional()
  @IsIn(SIZE_BANDS, { message: `sizeBand must be one of: ${SIZE_BANDS.join(', ')}` })
  sizeBand?: SizeBand;

  @ApiPropertyOptional({ example: 'https://example.cn' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(300)
  website?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ example: ['zh', 'en'], description: 'BCP 47 language tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(BCP47, { each: true, message: 'languages must be BCP 47 tags such as zh, th or en-GB' })
  languages?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;
}

export class UpdatePartyDto extends PartialType(CreatePartyDto) {}

export class CreateInvitationDto {
  @ApiProperty({ example: 'colleague@example.cn' })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PartyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ enum: ['china', 'asean', 'other'] }) region!: string;
  @ApiProperty({ enum: PARTY_KINDS }) kind!: string;
  @ApiPropertyOptional({ enum: [...SIZE_BANDS, null], nullable: true }) sizeBand!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) website!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(party: Party): PartyResponseDto {
    return {
      id: party.id,
      name: party.name,
      country: party.country,
      region: party.region,
      kind: party.kind,
      sizeBand: party.sizeBand,
      website: party.website,
      description: party.description,
      languages: party.languages,
      contactEmail: party.contactEmail,
      createdAt: party.createdAt.toISOString(),
      updatedAt: party.updatedAt.toISOString(),
    };
  }
}

export class InvitationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Give this to the colleague; it is shown only once' }) token!: string;
  @ApiProperty() expiresAt!: string;
}

/** Normalises what a party body says into columns; the region always follows the country. */
export function partyColumns(dto: Partial<CreatePartyDto>): Partial<Party> {
  const columns: Partial<Party> = { ...dto };
  if (dto.country) {
    columns.country = dto.country.toUpperCase();
    columns.region = regionOf(columns.country);
  }
  if (dto.contactEmail) columns.contactEmail = dto.contactEmail.toLowerCase();
  return columns;
}
