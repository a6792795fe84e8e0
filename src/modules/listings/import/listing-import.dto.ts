import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { importJobId } from './listing-import-file';
import type { ListingImportRow } from './listing-import-row.entity';
import type { ListingImport } from './listing-import.entity';

export class RowErrorDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'trl', description: 'The column; null when the row as a whole is wrong' })
  field!: string | null;

  @ApiProperty({ example: 'trl must be a whole number from 1 to 9' })
  message!: string;
}

export class RejectedRowDto {
  @ApiProperty({ example: 17, description: 'CSV: the spreadsheet row (the header is row 1). JSON: the position in the array, from 1' })
  row!: number;

  @ApiProperty({ type: [RowErrorDto] })
  errors!: RowErrorDto[];
}

export class ImportProgressDto {
  @ApiProperty() processed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() imported!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent!: number;
}

export class ListingImportAcceptedDto {
  @ApiProperty({ example: 'import-0b4e…', description: 'For GET /admin/jobs/:id' }) jobId!: string;
  @ApiProperty({ format: 'uuid', description: 'For GET /admin/listings/imports/:id' }) importId!: string;
  @ApiProperty({ description: 'Rows accepted for processing' }) rows!: number;
}

export class ListingImportResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['csv', 'json'] }) format!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ type: ImportProgressDto }) progress!: ImportProgressDto;
  @ApiProperty({ type: [RejectedRowDto], description: 'Every rejected row so far, by row number' }) rejectedRows!: RejectedRowDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the job gave up, if it did' }) failure!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;

  static from(record: ListingImport, rejected: Pick<ListingImportRow, 'rowNumber' | 'errors'>[]): ListingImportResponseDto {
    return {
      id: record.id,
      jobId: importJobId(record.id),
      format: record.format,
      status: record.status,
      progress: importProgress(record),
      rejectedRows: rejected.map((row) => ({ row: row.rowNumber, errors: row.errors ?? [] })),
      failure: record.failure,
      createdAt: record.createdAt.toISOString(),
      finishedAt: record.finishedAt?.toISOString() ?? null,
    };
  }
}

export function importProgress(record: Pick<ListingImport, 'processedRows' | 'totalRows' | 'importedCount' | 'rejectedCount'>): ImportProgressDto {
  return {
    processed: record.processedRows,
    total: record.totalRows,
    imported: record.importedCount,
    rejected: record.rejectedCount,
    percent: record.totalRows ? Math.floor((100 * record.processedRows) / record.totalRows) : 100,
  };
}
