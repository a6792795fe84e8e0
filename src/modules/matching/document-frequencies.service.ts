import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { idfLookup, ScoringContext, termIdfLookup } from './scoring/scoring-context';

const REFRESH_MS = 5 * 60 * 1000;
/**
 * Term IDF comes from a random sample of this many published listings: IDF is a logarithm of a
 * ratio, which a sample of this size estimates well, while grouping every term of 100k listings
 * would cost seconds per refresh.
 */
const TERM_SAMPLE_DOCS = 20_000;
/** Terms seen once in the sample are kept out of memory: their IDF differs from an unseen term's by ln 2 at most. */
const MIN_TERM_DF = 2;

export type DocumentFrequencies = Pick<ScoringContext, 'conceptIdf' | 'termIdf'>;

/**
 * How many published listings carry each concept, and each word per language, for IDF weights.
 * Recomputed every few minutes per worker: IDF moves slowly, and one grouped scan is far cheaper
 * than one per job.
 */
@Injectable()
export class DocumentFrequenciesService {
  private cached: { frequencies: DocumentFrequencies; at: number } | null = null;
  private refreshing: Promise<DocumentFrequencies> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(): Promise<DocumentFrequencies> {
    if (this.cached && Date.now() - this.cached.at < REFRESH_MS) return this.cached.frequencies;
    this.refreshing ??= this.load().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(): Promise<DocumentFrequencies> {
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM listings WHERE status = 'published'`);
    const [conceptIdf, termIdf] = await Promise.all([this.loadConceptIdf(total), this.loadTermIdf(total)]);
    const frequencies = { conceptIdf, termIdf };
    this.cached = { frequencies, at: Date.now() };
    return frequencies;
  }

  private async loadConceptIdf(total: number): Promise<(conceptId: number) => number> {
    const rows: { concept_id: number; df: number }[] = await this.dataSource.query(
      `SELECT concept_id, count(*)::int AS df FROM listings, unnest(concept_ids) AS concept_id WHERE status = 'published' GROUP BY concept_id`,
    );
    return idfLookup(new Map(rows.map((row) => [row.concept_id, row.df])), total);
  }

  /** `total` only sizes the sample; the IDF itself uses the sample's own count per language. */
  private async loadTermIdf(total: number): Promise<(language: string, term: string) => number | undefined> {
    const percent = total <= TERM_SAMPLE_DOCS ? 100 : (100 * TERM_SAMPLE_DOCS) / total;
    // A fixed seed draws the same sample for both queries, and one snapshot keeps them consistent.
    const sample = `SELECT split_part(lower(language), '-', 1) AS language, term_frequencies
                      FROM listings TABLESAMPLE BERNOULLI (${percent.toFixed(4)}) REPEATABLE (42) WHERE status = 'published'`;
    const [docs, terms]: [{ language: string; docs: number }[], { language: string; term: string; df: number }[]] = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
      Promise.all([
        manager.query(`SELECT language, count(*)::int AS docs FROM (${sample}) s GROUP BY language`),
        manager.query(
          `SELECT language, term, count(*)::int AS df FROM (${sample}) s, jsonb_object_keys(term_frequencies) AS term
            GROUP BY language, term HAVING count(*) >= ${MIN_TERM_DF}`,
        ),
      ]),
    );
    return termIdfLookup(docs, terms);
  }
}
