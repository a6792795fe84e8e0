import { Injectable } from '@nestjs/common';
import { analyzeListingText, ListingTextAnalysis, ListingTextInput } from '../text/analyze-listing-text';
import { ConceptMatcher, createConceptMatcher } from '../text/concept-matcher';
import { createTaxonomyLookup, loadTaxonomy, TaxonomyLookup } from './taxonomy.loader';
import { Taxonomy } from './taxonomy.types';

/**
 * The taxonomy, loaded and validated once per process (a bad data file stops the start), with
 * the concept matcher built from it. Text analysis itself stays in pure functions.
 */
@Injectable()
export class TaxonomyService {
  readonly taxonomy: Taxonomy;
  readonly lookup: TaxonomyLookup;
  private readonly matcher: ConceptMatcher;

  constructor() {
    this.taxonomy = loadTaxonomy();
    this.lookup = createTaxonomyLookup(this.taxonomy);
    this.matcher = createConceptMatcher(this.taxonomy);
  }

  get version(): string {
    return this.taxonomy.version;
  }

  analyze(input: ListingTextInput): ListingTextAnalysis {
    return analyzeListingText(input, this.matcher, this.lookup);
  }
}
