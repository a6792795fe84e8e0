import { Injectable } from '@nestjs/common';
import { DocumentFrequencies, DocumentFrequenciesService } from './document-frequencies.service';
import { ScoringContext, taxonomyLookups } from './scoring/scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from './scoring/scoring-weights';
import { TaxonomyService } from './taxonomy/taxonomy.service';

/**
 * The scoring context of the moment: the taxonomy's lookups with the latest document frequencies.
 * The same object until the frequencies are refreshed, so holders of prepared listings can tell
 * when theirs were prepared with another.
 */
@Injectable()
export class ScoringContexts {
  private readonly taxonomyMaps: Pick<ScoringContext, 'fieldSector' | 'conceptField'>;
  private latest: { frequencies: DocumentFrequencies; context: ScoringContext } | null = null;

  constructor(
    private readonly frequencies: DocumentFrequenciesService,
    taxonomy: TaxonomyService,
  ) {
    this.taxonomyMaps = taxonomyLookups(taxonomy.taxonomy);
  }

  async current(): Promise<ScoringContext> {
    const frequencies = await this.frequencies.current();
    if (this.latest?.frequencies !== frequencies) {
      this.latest = { frequencies, context: { ...this.taxonomyMaps, ...frequencies, weights: DEFAULT_SCORING_WEIGHTS } };
    }
    return this.latest.context;
  }
}
