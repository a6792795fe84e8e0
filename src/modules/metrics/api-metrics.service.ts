import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName } from '../../queue/queue-names';
import { HttpMetrics } from './http-metrics';

const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;
const MATCH_STATUSES = ['proposed', 'approved', 'rejected'] as const;

/**
 * What the API exposes at /metrics. Queue depths, matches and the outboxes are read from Redis and
 * PostgreSQL at scrape time, so they are the same whichever API instance is scraped (aggregate them
 * with max, not sum). Job durations are measured where jobs run: each worker's own metrics port.
 */
@Injectable()
export class ApiMetricsService {
  private readonly logger = new Logger(ApiMetricsService.name);
  readonly registry = new Registry();
  readonly http = new HttpMetrics(this.registry);
  /** hit: sent as cached; stale: cached but changed since, read again; miss: not cached. */
  readonly recommendationPages: Counter<'result'> = new Counter({
    name: 'techbridge_recommendation_pages_total',
    help: 'Recommendation pages an API process served, by whether its page cache had them current',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private backlogRead: { at: number; rows: Promise<{ outbox: string; pending: number; age: number }[]> } | null = null;

  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: 'techbridge_queue_jobs',
      help: 'Jobs in each BullMQ queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: () =>
        this.guarded('queues', async () => {
          for (const name of Object.values(QueueName)) {
            const counts = await this.queue(name).getJobCounts(...JOB_STATES);
            for (const state of JOB_STATES) queueJobs.set({ queue: name, state }, counts[state] ?? 0);
          }
        }),
    });
    const matches: Gauge<'status'> = new Gauge({
      name: 'techbridge_matches',
      help: 'Matches by review status',
      labelNames: ['status'],
      registers: [this.registry],
      collect: () =>
        this.guarded('matches', async () => {
          const rows: { status: string; count: number }[] = await this.dataSource.query(`SELECT status, count(*)::int AS count FROM matches GROUP BY status`);
          for (const status of MATCH_STATUSES) matches.set({ status }, 0);
          for (const row of rows) matches.set({ status: row.status }, row.count);
        }),
    });
    const pending: Gauge<'outbox'> = new Gauge({
      name: 'techbridge_outbox_pending',
      help: 'Outbox rows not yet relayed to the queue: scoring events and webhook deliveries',
      labelNames: ['outbox'],
      registers: [this.registry],
      collect: () => this.guarded('outbox', async () => (await this.outboxBacklog()).forEach((row) => pending.set({ outbox: row.outbox }, row.pending))),
    });
    const oldest: Gauge<'outbox'> = new Gauge({
      name: 'techbridge_outbox_oldest_pending_seconds',
      help: 'Age of the oldest outbox row not yet relayed to the queue (0 when none)',
      labelNames: ['outbox'],
      registers: [this.registry],
      collect: () => this.guarded('outbox', async () => (await this.outboxBacklog()).forEach((row) => oldest.set({ outbox: row.outbox }, row.age))),
    });
  }

  /** One query for both outbox gauges of a scrape (they collect concurrently). */
  private outboxBacklog(): Promise<{ outbox: string; pending: number; age: number }[]> {
    if (!this.backlogRead || Date.now() - this.backlogRead.at > 1000) {
      // Both counts read the partial "pending" indexes, so a scrape costs the backlog, not the table.
      const rows = this.dataSource.query(
        `SELECT 'outbox_events' AS outbox, count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
           FROM outbox_events WHERE dispatched_at IS NULL
         UNION ALL
         SELECT 'webhook_deliveries', count(*)::int, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float
           FROM webhook_deliveries WHERE dispatched_at IS NULL`,
      );
      this.backlogRead = { at: Date.now(), rows };
      rows.catch(() => (this.backlogRead = null));
    }
    return this.backlogRead.rows;
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** A dependency that is down leaves its gauges as they were instead of failing the whole scrape; /health says what is down. */
  private async guarded(source: string, collect: () => Promise<void>): Promise<void> {
    try {
      await collect();
    } catch (error) {
      this.logger.warn(`metrics: could not read ${source}: ${(error as Error).message}`);
    }
  }
}
