import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { currentRequestId } from '../../common/context/request-context';
import { decodeCursor, Page, toPage } from '../../common/pagination/page';
import { AuditEntry } from './audit-entry.entity';
import { AuditQueryDto } from './audit.dto';

export interface AuditRecord {
  /** Null when the system itself acts (a job, start-up). */
  actor: AuthenticatedUser | null;
  action: string;
  objectType: string;
  objectId: string;
  summary?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Records through the caller's transaction manager, so the entry exists exactly when the change does. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const entry = manager.create(AuditEntry, {
      actorId: record.actor?.userId ?? null,
      actorRole: record.actor?.role ?? 'system',
      action: record.action,
      objectType: record.objectType,
      objectId: record.objectId,
      summary: record.summary ?? {},
      requestId: currentRequestId(),
    });
    await manager.save(entry);
  }

  async list(query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const after = decodeCursor(query.cursor, 2);
    const builder = this.entries.createQueryBuilder('entry').orderBy('entry.createdAt', 'DESC').addOrderBy('entry.id', 'DESC').take(query.limit + 1);
    if (query.objectType) builder.andWhere('entry.objectType = :objectType', { objectType: query.objectType });
    if (query.objectId) builder.andWhere('entry.objectId = :objectId', { objectId: query.objectId });
    if (query.action) builder.andWhere('entry.action = :action', { action: query.action });
    if (after) {
      builder.andWhere('(entry.createdAt, entry.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] });
    }
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (row) => row, (row) => [row.createdAt.toISOString(), row.id]);
  }
}
