import { regionOf } from '../../src/common/geography/regions';
import { createTaxonomyLookup } from '../../src/modules/matching/taxonomy/taxonomy.loader';
import { Taxonomy } from '../../src/modules/matching/taxonomy/taxonomy.types';
import { analyzeListingText } from '../../src/modules/matching/text/analyze-listing-text';
import { createConceptMatcher } from '../../src/modules/matching/text/concept-matcher';
import { SyntheticListing } from './synthetic-listings';

/** The columns of a `listings` row that the API derives from a submission, in SQL names. */
export interface AnalysedListingRow {
  kind: 'offer' | 'need';
  party_id: string;
  party_country: string;
  party_region: string;
  title: string;
  description: string;
  language: string;
  detected_language: string;
  sector: string;
  field_ids: number[];
  concept_ids: number[];
  concept_counts: Record<string, number>;
  term_frequencies: Record<string, number>;
  trl: number | null;
  min_trl: number | null;
  transfer_modes: string[];
  target_countries: string[];
  search_document: string;
  taxonomy_version: string;
}

/**
 * Turns synthetic listings into rows as the API would store them: text analysed by the matcher's
 * own functions, the party's country and region copied. Benches, scripts and tests write their
 * forums by SQL with it (through the API, seeding takes minutes); each adds its own status and dates.
 */
export function createListingRowBuilder(taxonomy: Taxonomy): (listing: SyntheticListing, party: { id: string; country: string }) => AnalysedListingRow {
  const lookup = createTaxonomyLookup(taxonomy);
  const matcher = createConceptMatcher(taxonomy);
  return (listing, party) => {
    const analysis = analyzeListingText({ title: listing.title, description: listing.description, language: listing.language }, matcher, lookup);
    return {
      kind: listing.kind,
      party_id: party.id,
      party_country: party.country,
      party_region: regionOf(party.country),
      title: listing.title,
      description: listing.description,
      language: listing.language,
      detected_language: analysis.detectedLanguage,
      sector: listing.sector,
      field_ids: analysis.fieldIds,
      concept_ids: analysis.conceptIds,
      concept_counts: analysis.conceptCounts,
      term_frequencies: analysis.termFrequencies,
      trl: listing.trl,
      min_trl: listing.minTrl,
      transfer_modes: listing.transferModes,
      target_countries: listing.targetCountries,
      search_document: analysis.searchDocument,
      taxonomy_version: taxonomy.version,
    };
  };
}
