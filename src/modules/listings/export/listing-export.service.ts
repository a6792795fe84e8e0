import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { Listing } from '../listing.entity';
import { EXPORT_COLUMNS, ExportedListing, toCsvRecord, toExportItem } from './listing-export-record';
import { ListingExportQueryDto } from './listing-export.dto';

/** Rows per query: memory stays flat whatever the number of listings. */
export const EXPORT_PAGE = 500;

/**
 * Streams the listings the filters select, page by page in id order (keyset on the primary key,
 * so every page costs the same however deep into the table it is).
 */
@Injectable()
export class ListingExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The file as chunks of text. The first page is read before this resolves, so a database that is
   * down is a 503 rather than a truncated download.
   */
  async open(query: ListingExportQueryDto): Promise<AsyncIterable<string>> {
    const pages = this.pages(query);
    const first = await pages.next();
    const format = query.format === 'json' ? jsonChunks : csvChunks;
    return format(first.done ? null : first.value, pages);
  }

  private async *pages(query: ListingExportQueryDto): AsyncGenerator<ExportedListing[], void> {
    let after: string | null = null;
    for (;;) {
      const builder = this.dataSource
        .getRepository(Listing)
        .createQueryBuilder('listing')
        .innerJoin('listing.party', 'party')
        .addSelect(['party.id', 'party.name'])
        .orderBy('listing.id', 'ASC')
        .limit(EXPORT_PAGE);
      if (after) builder.andWhere('listing.id > :after', { after });
      if (query.kind) builder.andWhere('listing.kind = :kind', { kind: query.kind });
      if (query.status) builder.andWhere('listing.status = :status', { status: query.status });
      if (query.sector) builder.andWhere('listing.sector = :sector', { sector: query.sector });
      if (query.country) builder.andWhere('listing.partyCountry = :country', { country: query.country });
      if (query.region) builder.andWhere('listing.partyRegion = :region', { region: query.region });
      if (query.transferMode) builder.andWhere(':mode = ANY(listing.transferModes)', { mode: query.transferMode });
      if (query.partyId) builder.andWhere('listing.partyId = :partyId', { partyId: query.partyId });
      const rows = await builder.getMany();
      if (rows.length === 0) return;
      yield rows.map((listing) => ({ ...listing, partyName: listing.party?.name ?? '' }));
      if (rows.length < EXPORT_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }
}

/** UTF-8 with a BOM and CRLF: what Excel needs to show Chinese and Thai instead of mojibake. */
async function* csvChunks(first: ExportedListing[] | null, rest: AsyncIterable<ExportedListing[]>): AsyncGenerator<string> {
  yield stringify([], { bom: true, header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' });
  if (!first) return;
  yield stringify(first.map(toCsvRecord), { record_delimiter: 'windows' });
  for await (const page of rest) yield stringify(page.map(toCsvRecord), { record_delimiter: 'windows' });
}

async function* jsonChunks(first: ExportedListing[] | null, rest: AsyncIterable<ExportedListing[]>): AsyncGenerator<string> {
  yield '[';
  if (!first) {
    yield ']\n';
    return;
  }
  yield '\n' + first.map((listing) => JSON.stringify(toExportItem(listing))).join(',\n');
  for await (const page of rest) yield ',\n' + page.map((listing) => JSON.stringify(toExportItem(listing))).join(',\n');
  yield '\n]\n';
}
