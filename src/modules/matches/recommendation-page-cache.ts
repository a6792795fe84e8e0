import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.service';
import { ApiMetricsService } from '../metrics/api-metrics.service';
import { preparedQuery } from './prepared-query';

/** How long an API process keeps a page it built, however current it stays. */
export const RECOMMENDATION_PAGE_TTL_MS = 5 * 60_000;

/**
 * How long the worker keeps change rows. A cached page is validated against the rows written
 * after its snapshot; dropping a row could only hide a change from a page older than the TTL, or
 * from one whose snapshot missed a transaction that stayed open for longer than this minus the
 * TTL (the API's and the worker's transactions last seconds).
 */
export const PARTY_MATCH_CHANGES_RETENTION_MS = 60 * 60_000;

/**
 * A page as the API sends it: UTF-8 bytes (encoded once, not per response) and its entity tag
 * (hashed once, where Express would hash every response).
 */
export interface JsonPage {
  body: Buffer;
  etag: string;
}

interface CachedPage extends JsonPage {
  /** pg_current_snapshot() of the statement that read the page. */
  snapshot: string;
}

export function jsonPage(page: unknown): JsonPage {
  const body = Buffer.from(JSON.stringify(page));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

// Stale when a transaction that this snapshot did not see has logged a change for the party
// (migration TrackPartyMatchChanges): transactions below the snapshot's xmin were all seen.
export const STALE_SINCE_SNAPSHOT = `SELECT EXISTS (
  SELECT 1 FROM party_match_changes
   WHERE party_id = $1 AND xid >= pg_snapshot_xmin($2::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $2::pg_snapshot)
) AS stale`;

/**
 * Recommendation pages this API process has built, as the JSON it sent, kept per party until
 * something the party sees changes. Every read still asks PostgreSQL, with one index probe,
 * whether a change was committed that the page's snapshot did not see, so a page is never
 * served stale, whichever process (API, worker, another API) made the change. A hit skips the
 * page query, the rows' parsing and the serialisation: most of a list's cost.
 */
@Injectable()
export class RecommendationPageCache {
  private readonly pages: LRUCache<string, CachedPage> | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: ApiMetricsService,
    config: AppConfig,
  ) {
    const maxBytes = config.recommendations.pageCacheMegabytes * 1024 * 1024;
    this.pages =
      maxBytes > 0
        ? new LRUCache<string, CachedPage>({
            maxSize: maxBytes,
            // The bytes, plus the snapshot, the tag and the entry itself.
            sizeCalculation: (page) => page.body.length + 2 * (page.snapshot.length + page.etag.length) + 200,
            ttl: RECOMMENDATION_PAGE_TTL_MS,
          })
        : null;
  }

  /**
   * The page under `key` when it was built and nothing the party sees has changed since, else
   * `read()` afresh (and kept). `read` must take its snapshot in the statement that reads the page.
   */
  async page(partyId: string, key: string, read: () => Promise<JsonPage & { snapshot: string }>): Promise<JsonPage> {
    if (!this.pages) return read();
    const entryKey = `${partyId}:${key}`;
    const cached = this.pages.get(entryKey);
    const stale = cached !== undefined && (await this.changedSince(partyId, cached.snapshot));
    this.metrics.recommendationPages.inc({ result: cached === undefined ? 'miss' : stale ? 'stale' : 'hit' });
    if (cached && !stale) return cached;
    const fresh = await read();
    this.pages.set(entryKey, fresh);
    return fresh;
  }

  private async changedSince(partyId: string, snapshot: string): Promise<boolean> {
    const [row] = await preparedQuery<{ stale: boolean }>(this.dataSource, STALE_SINCE_SNAPSHOT, [partyId, snapshot]);
    return row.stale;
  }
}
