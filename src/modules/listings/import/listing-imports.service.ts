import { InjectQueue } from '@nestjs/bullmq';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../../common/auth/authenticated-user';
import { ImportListingsData, JobName, QueueName } from '../../../queue/queue-names';
import { AuditService } from '../../audit/audit.service';
import { importJobId, readImportFile } from './listing-import-file';
import { ListingImportRow } from './listing-import-row.entity';
import { ListingImport } from './listing-import.entity';
import { ListingImportResponseDto } from './listing-import.dto';

/** Rows per INSERT, so one statement never carries the whole file. */
const INSERT_CHUNK = 1000;

/** The API side of an import: refuses unreadable files, stores what it accepts, queues the job. */
@Injectable()
export class ListingImportsService {
  private readonly logger = new Logger(ListingImportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportListingsData>,
    private readonly audit: AuditService,
  ) {}

  async accept(admin: AuthenticatedUser, contentType: string | undefined, body: unknown): Promise<{ jobId: string; importId: string; rows: number }> {
    const file = readImportFile(contentType, body);
    if (!file.ok) throw new BadRequestException(file.message);
    const importId = await this.dataSource.transaction(async (manager) => {
      const record = await manager.save(manager.create(ListingImport, { format: file.format, status: 'queued', requestedBy: admin.userId, totalRows: file.rows.length }));
      for (let start = 0; start < file.rows.length; start += INSERT_CHUNK) {
        const chunk = file.rows.slice(start, start + INSERT_CHUNK);
        await manager.query(
          `INSERT INTO listing_import_rows (import_id, row_number, payload) SELECT $1, row_number, payload FROM unnest($2::int[], $3::jsonb[]) AS row(row_number, payload)`,
          [record.id, chunk.map((row) => row.rowNumber), chunk.map((row) => JSON.stringify(row.payload))],
        );
      }
      await this.audit.record(manager, {
        actor: admin,
        action: 'listing.import-requested',
        objectType: 'listing-import',
        objectId: record.id,
        summary: { format: file.format, rows: file.rows.length },
      });
      return record.id;
    });
    try {
      await this.queue.add(JobName.ImportListings, { importId }, { jobId: importJobId(importId) });
    } catch (error) {
      // Stored is accepted: the worker re-queues unfinished imports when Redis is back.
      this.logger.warn({ err: error, importId }, 'import stored but not queued; the worker will queue it');
    }
    return { jobId: importJobId(importId), importId, rows: file.rows.length };
  }

  async find(id: string): Promise<ListingImportResponseDto> {
    const record = await this.dataSource.getRepository(ListingImport).findOneBy({ id });
    if (!record) throw new NotFoundException('listing import not found');
    const rejected = await this.dataSource.getRepository(ListingImportRow).find({
      select: { rowNumber: true, errors: true },
      where: { importId: id, status: 'rejected' },
      order: { rowNumber: 'ASC' },
    });
    return ListingImportResponseDto.from(record, rejected);
  }
}
