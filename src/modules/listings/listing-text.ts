import { ListingTextInput } from '../matching/text/analyze-listing-text';
import { TAXONOMY_LANGUAGES, TaxonomyLanguage } from '../matching/taxonomy/taxonomy.types';

interface ListingText {
  title: string;
  summary?: string | null;
  description: string;
  advantages?: string | null;
  requirements?: string | null;
  keywords?: string[] | null;
}

/**
 * What text analysis reads of a listing: every field a party writes in, so a technology named
 * only in the advantages or the keywords still counts. The declared language wins when it is one
 * the taxonomy knows.
 */
export function listingAnalysisInput(listing: ListingText, declaredLanguage?: string | null): ListingTextInput {
  const primary = declaredLanguage?.slice(0, 2).toLowerCase() as TaxonomyLanguage | undefined;
  return {
    title: listing.title,
    description: [listing.summary, listing.description, listing.advantages, listing.requirements, listing.keywords?.join(', ')].filter(Boolean).join('\n'),
    language: primary && TAXONOMY_LANGUAGES.includes(primary) ? primary : undefined,
  };
}
