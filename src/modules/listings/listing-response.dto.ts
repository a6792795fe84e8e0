import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AccessPolicy } from '../../common/auth/access-policy';
import { TaxonomyLookup } from '../matching/taxonomy/taxonomy.loader';
import { TAXONOMY_LANGUAGES, TaxonomyLanguage } from '../matching/taxonomy/taxonomy.types';
import { Listing } from './listing.entity';

export class ConceptRefDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'sd.renewable-energy.photovoltaics' }) code!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { en: 'photovoltaics', zh: '光伏' } }) labels!: Partial<Record<TaxonomyLanguage, string>>;
}

export class QualityIssueDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class ListingResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['offer', 'need'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty() partyCountry!: string;
  @ApiProperty() status!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) advantages?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) requirements?: string | null;
  @ApiProperty() language!: string;
  @ApiProperty() detectedLanguage!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ description: 'True when the sector was suggested from the text' }) sectorSuggested!: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) sectorConfidence!: number | null;
  @ApiProperty({ type: [String] }) fields!: string[];
  @ApiProperty({ type: [ConceptRefDto] }) concepts!: ConceptRefDto[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ type: [Number] }) sdgs!: number[];
  @ApiPropertyOptional({ type: Number, nullable: true }) trl?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) minTrl?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) stage!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ipStatus!: string | null;
  @ApiProperty({ type: [String] }) transferModes!: string[];
  @ApiProperty({ type: [String] }) targetCountries!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) deadline!: string | null;
  @ApiPropertyOptional({ type: [QualityIssueDto], description: 'Owner and admins only' }) qualityIssues?: QualityIssueDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Owner and admins only' }) reviewNote?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(listing: Listing, lookup: TaxonomyLookup, viewer: AuthenticatedUser | null): ListingResponseDto {
    const privileged = viewer !== null && (AccessPolicy.isAdmin(viewer) || AccessPolicy.ownsParty(viewer, listing.partyId));
    const kindFields =
      listing.kind === 'offer' ? { advantages: listing.advantages, trl: listing.trl } : { requirements: listing.requirements, minTrl: listing.minTrl };
    return {
      id: listing.id,
      kind: listing.kind,
      partyId: listing.partyId,
      partyCountry: listing.partyCountry,
      status: listing.status,
      revision: listing.revision,
      title: listing.title,
      summary: listing.summary,
      description: listing.description,
      ...kindFields,
      language: listing.language,
      detectedLanguage: listing.detectedLanguage,
      sector: listing.sector,
      sectorSuggested: listing.sectorSuggested,
      sectorConfidence: listing.sectorConfidence,
      fields: listing.fieldIds.map((id) => lookup.fieldById(id)?.code).filter((code): code is string => Boolean(code)),
      concepts: listing.conceptIds.map((id) => conceptRef(id, lookup)).filter((ref): ref is ConceptRefDto => ref !== null),
      keywords: listing.keywords,
      sdgs: listing.sdgs,
      stage: listing.stage,
      ipStatus: listing.ipStatus,
      transferModes: listing.transferModes,
      targetCountries: listing.targetCountries,
      deadline: listing.deadline,
      ...(privileged ? { qualityIssues: listing.qualityIssues, reviewNote: listing.reviewNote } : {}),
      publishedAt: listing.publishedAt?.toISOString() ?? null,
      expiresAt: listing.expiresAt?.toISOString() ?? null,
      createdAt: listing.createdAt.toISOString(),
      updatedAt: listing.updatedAt.toISOString(),
    };
  }
}

export function conceptRef(id: number, lookup: TaxonomyLookup, languages: readonly TaxonomyLanguage[] = TAXONOMY_LANGUAGES): ConceptRefDto | null {
  const concept = lookup.conceptById(id);
  if (!concept) return null;
  return { id, code: concept.code, labels: Object.fromEntries(languages.map((language) => [language, concept.labels[language]])) };
}
