import { DataSource } from 'typeorm';
import { createListingGenerator, seededRandom, syntheticParties } from '../../../bench/support/synthetic-listings';
import { loadTaxonomy } from '../../../src/modules/matching/taxonomy/taxonomy.loader';
import { createListingRowBuilder } from '../../../bench/support/listing-rows';

/**
 * Published offers and needs generated from the taxonomy (the benchmark's generator: skewed topics,
 * six languages), analysed as the API analyses them. published_at falls on a few distinct days, so
 * many listings tie on it and the listing id has to break the tie. Marked as scored, so a worker's
 * reconciler leaves them to the test.
 */
export async function seedSyntheticForum(dataSource: DataSource, sizes: { offers: number; needs: number; parties: number; seed: number }): Promise<void> {
  const taxonomy = loadTaxonomy();
  const toListingRow = createListingRowBuilder(taxonomy);
  const parties: { id: string; country: string }[] = await dataSource.query(
    `INSERT INTO parties (name, country, region, kind, version)
     SELECT name, country, CASE WHEN country = 'CN' THEN 'china' ELSE 'asean' END, 'enterprise', 1 FROM jsonb_to_recordset($1::jsonb) AS r(name varchar, country char(2))
     RETURNING id, country`,
    [JSON.stringify(syntheticParties(sizes.parties, seededRandom(sizes.seed)))],
  );
  const next = createListingGenerator(taxonomy, sizes.seed + 1, sizes.parties);
  const kinds = [...Array<'need'>(sizes.needs).fill('need'), ...Array<'offer'>(sizes.offers).fill('offer')];
  for (let start = 0; start < kinds.length; start += 500) {
    const rows = kinds.slice(start, start + 500).map((kind, i) => {
      const listing = next(kind);
      return {
        ...toListingRow(listing, parties[listing.partyIndex]),
        days_ago: (start + i) % 7,
      };
    });
    await dataSource.query(
      `INSERT INTO listings (kind, party_id, party_country, party_region, status, title, description, language, detected_language, sector,
                             field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
                             search_document, taxonomy_version, published_at, expires_at, scored_revision)
       SELECT kind, party_id, party_country, party_region, 'published', title, description, language, detected_language, sector,
              field_ids, concept_ids, concept_counts, term_frequencies, trl, min_trl, transfer_modes, target_countries,
              search_document, taxonomy_version, date_trunc('day', now()) - days_ago * interval '1 day', now() + interval '60 days', 1
         FROM jsonb_to_recordset($1::jsonb) AS r(kind varchar, party_id uuid, party_country char(2), party_region varchar,
              title varchar, description varchar, language varchar, detected_language varchar, sector varchar, field_ids int[],
              concept_ids int[], concept_counts jsonb, term_frequencies jsonb, trl smallint, min_trl smallint, transfer_modes text[],
              target_countries text[], search_document text, taxonomy_version varchar, days_ago int)`,
      [JSON.stringify(rows)],
    );
  }
  await dataSource.query('ANALYZE listings');
  await dataSource.query('ANALYZE match_profiles');
}
