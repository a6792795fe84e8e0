import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { idfLookup } from './scoring/scoring-context';

const REFRESH_MS = 5 * 60 * 1000;

/**
 * How many published listings carry each concept, for IDF weights. Recomputed every few minutes
 * per worker: IDF moves slowly, and one grouped scan is far cheaper than one per job.
 */
@Injectable()
export class ConceptFrequenciesService {
  private cached: { idf: (conceptId: number) => number; at: number } | null = null;
  private refreshing: Promise<(conceptId: number) => number> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async conceptIdf(): Promise<(conceptId: number) => number> {
    if (this.cached && Date.now() - this.cached.at < REFRESH_MS) return this.cached.idf;
    this.refreshing ??= this.load().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(): Promise<(conceptId: number) => number> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM listings WHERE status = 'published'`);
    const rows: { concept_id: number; df: number }[] = await this.dataSource.query(
      `SELECT concept_id, count(*)::int AS df FROM listings, unnest(concept_ids) AS concept_id WHERE status = 'published' GROUP BY concept_id`,
    );
    const idf = idfLookup(new Map(rows.map((row) => [row.concept_id, row.df])), total);
    this.cached = { idf, at: Date.now() };
    return idf;
  }
}
