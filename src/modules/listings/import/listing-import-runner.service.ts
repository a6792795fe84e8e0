import { HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '../../../common/auth/authenticated-user';
import { CreateListingDto } from '../listing.dto';
import { ListingsService } from '../listings.service';
import { IMPORT_COLUMNS } from './listing-columns';
import { csvCellsToCandidate, jsonItemToCandidate, ListingCandidate, RowError } from './listing-import-row';
import { ImportRowPayload, ListingImportRow } from './listing-import-row.entity';
import { validateListingBody } from './listing-import-validation';
import { ImportFormat, ListingImport } from './listing-import.entity';
import { ImportProgressDto, importProgress, RejectedRowDto } from './listing-import.dto';
import { resolvePartyReferences } from './party-references';

/** Rows per transaction: one failed batch repeats at most this much work. */
export const IMPORT_BATCH = 100;
/** The job's return value names at most this many rejected rows; the import itself keeps them all. */
const RESULT_REJECTED_ROWS = 1000;

interface CheckedRow {
  row: ListingImportRow;
  candidate: ListingCandidate;
  dto: CreateListingDto | null;
  errors: RowError[];
}

interface RowOutcome {
  rowNumber: number;
  listingId: string | null;
  errors: RowError[] | null;
}

export interface ImportSummary extends ImportProgressDto {
  importId: string;
  status: ListingImport['status'];
  rejectedRows: RejectedRowDto[];
  rejectedRowsTruncated: boolean;
}

const COLUMN_NAMES = new Set(IMPORT_COLUMNS.map((column) => column.name));

/**
 * The worker side of an import. Each batch creates its listings through ListingsService (outbox
 * row and audit entry with each) and marks its rows done in one transaction, so a job that runs
 * again, or two that run at once, never create a row's listing twice.
 */
@Injectable()
export class ListingImportRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingsService,
  ) {}

  /** The import, marked running if it was queued; null when there is no such import. */
  async start(importId: string): Promise<ListingImport | null> {
    await this.dataSource.query(`UPDATE listing_imports SET status = 'running', updated_at = now() WHERE id = $1 AND status = 'queued'`, [importId]);
    return this.dataSource.getRepository(ListingImport).findOneBy({ id: importId });
  }

  /** Imports the next pending rows; null when none are left to this worker. */
  async processNextBatch(record: ListingImport): Promise<ImportProgressDto | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(ListingImportRow, 'row')
        .where('row.importId = :importId', { importId: record.id })
        .andWhere("row.status = 'pending'")
        .orderBy('row.rowNumber', 'ASC')
        .limit(IMPORT_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return null;

      const checked = await Promise.all(rows.map((row) => checkRow(record.format, row)));
      const parties = await resolvePartyReferences(
        manager,
        checked.filter((item) => item.errors.length === 0).map((item) => item.candidate.party!),
      );
      const actor: AuthenticatedUser = { userId: record.requestedBy, partyId: null, role: 'admin' };
      const outcomes: RowOutcome[] = [];
      for (const item of checked) {
        outcomes.push(await this.importRow(manager, actor, record.id, item, parties));
      }
      await this.saveOutcomes(manager, record.id, outcomes);
      const imported = outcomes.filter((outcome) => outcome.listingId !== null).length;
      await manager.query(
        `UPDATE listing_imports
            SET processed_rows = processed_rows + $2, imported_count = imported_count + $3, rejected_count = rejected_count + $4, updated_at = now()
          WHERE id = $1`,
        [record.id, outcomes.length, imported, outcomes.length - imported],
      );
      return importProgress(await manager.findOneByOrFail(ListingImport, { id: record.id }));
    });
  }

  /** Marks the import completed once no row is pending (another worker may still hold some). */
  async finish(importId: string): Promise<ImportSummary> {
    await this.dataSource.query(
      `UPDATE listing_imports SET status = 'completed', finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM listing_import_rows WHERE import_id = $1 AND status = 'pending')`,
      [importId],
    );
    return this.summary(importId);
  }

  async fail(importId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE listing_imports SET status = 'failed', failure = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, reason.slice(0, 500)],
    );
  }

  async summary(importId: string): Promise<ImportSummary> {
    const record = await this.dataSource.getRepository(ListingImport).findOneByOrFail({ id: importId });
    const rejected = await this.dataSource.getRepository(ListingImportRow).find({
      select: { rowNumber: true, errors: true },
      where: { importId, status: 'rejected' },
      order: { rowNumber: 'ASC' },
      take: RESULT_REJECTED_ROWS,
    });
    return {
      importId,
      status: record.status,
      ...importProgress(record),
      rejectedRows: rejected.map((row) => ({ row: row.rowNumber, errors: row.errors ?? [] })),
      rejectedRowsTruncated: record.rejectedCount > rejected.length,
    };
  }

  /** Imports that were accepted but are not finished: their job may be lost with Redis. */
  async unfinishedImportIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM listing_imports WHERE status IN ('queued', 'running') ORDER BY updated_at LIMIT 1000`);
    return rows.map((row) => row.id);
  }

  private async importRow(
    manager: EntityManager,
    actor: AuthenticatedUser,
    importId: string,
    item: CheckedRow,
    parties: Awaited<ReturnType<typeof resolvePartyReferences>>,
  ): Promise<RowOutcome> {
    const rowNumber = item.row.rowNumber;
    if (item.errors.length) return { rowNumber, listingId: null, errors: item.errors };
    const lookup = parties.get(item.candidate.party!)!;
    if ('error' in lookup) return { rowNumber, listingId: null, errors: [{ field: 'party', message: lookup.error }] };
    try {
      const listing = await this.listings.createForParty(manager, actor, lookup.party, item.candidate.kind!, item.dto!, { importId, row: rowNumber });
      return { rowNumber, listingId: listing.id, errors: null };
    } catch (error) {
      // The service's own refusals (unknown field codes, no sector to suggest) come before any write.
      if (error instanceof HttpException && error.getStatus() < 500) {
        return { rowNumber, listingId: null, errors: [{ field: fieldNamedBy(error.message), message: error.message }] };
      }
      throw error;
    }
  }

  private async saveOutcomes(manager: EntityManager, importId: string, outcomes: RowOutcome[]): Promise<void> {
    await manager.query(
      `UPDATE listing_import_rows AS row
          SET status = CASE WHEN outcome.listing_id IS NULL THEN 'rejected' ELSE 'imported' END,
              listing_id = outcome.listing_id,
              errors = outcome.errors
         FROM unnest($2::int[], $3::uuid[], $4::jsonb[]) AS outcome(row_number, listing_id, errors)
        WHERE row.import_id = $1 AND row.row_number = outcome.row_number`,
      [
        importId,
        outcomes.map((outcome) => outcome.rowNumber),
        outcomes.map((outcome) => outcome.listingId),
        outcomes.map((outcome) => (outcome.errors ? JSON.stringify(outcome.errors) : null)),
      ],
    );
  }
}

/** Mapping and DTO validation: everything about a row that needs no database. */
async function checkRow(format: ImportFormat, row: ListingImportRow): Promise<CheckedRow> {
  const payload: ImportRowPayload = row.payload;
  const { candidate, errors } = format === 'csv' && 'cells' in payload ? csvCellsToCandidate(payload.cells, payload.extraCells) : jsonItemToCandidate('item' in payload ? payload.item : undefined);
  if (!candidate.kind) return { row, candidate, dto: null, errors };
  const validation = await validateListingBody(candidate.kind, candidate.body);
  // A field the mapping already refused is not reported twice.
  const reported = new Set(errors.map((error) => error.field));
  const all = [...errors, ...validation.errors.filter((error) => !reported.has(error.field))];
  return { row, candidate, dto: validation.dto, errors: all };
}

/** The service's messages start with the field they are about ("sector could not be suggested..."). */
function fieldNamedBy(message: string): string | null {
  if (message.startsWith('unknown field codes')) return 'fields';
  const first = message.split(/\s/, 1)[0];
  return COLUMN_NAMES.has(first) ? first : null;
}
