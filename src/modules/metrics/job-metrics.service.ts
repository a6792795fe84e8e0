import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds; from a scoring job (tens of ms) to a full re-match or an import of thousands of rows. */
const JOB_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Durations of the jobs this worker process ran, measured on the BullMQ workers of every processor
 * (found at start, so a new processor is measured without touching it). Each worker process counts
 * its own jobs: summing over the scraped workers gives the whole system.
 */
@Injectable()
export class JobMetricsService implements OnApplicationBootstrap {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'techbridge_job_duration_seconds',
    help: 'Time from a job starting to finishing on this worker, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  private readonly stalled = new Counter({
    name: 'techbridge_jobs_stalled_total',
    help: 'Jobs this worker found stalled (their worker died or blocked the event loop) and put back',
    labelNames: ['queue'],
    registers: [this.registry],
  });

  constructor(private readonly discovery: DiscoveryService) {
    collectDefaultMetrics({ register: this.registry });
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!(wrapper.instance instanceof WorkerHost)) continue;
      const worker = wrapper.instance.worker;
      const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
        if (!job?.processedOn || !job.finishedOn) return;
        this.duration.observe({ queue: worker.name, name: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
      };
      worker.on('completed', (job: Job) => observe(job, 'completed'));
      worker.on('failed', (job: Job | undefined) => observe(job, 'failed'));
      worker.on('stalled', () => this.stalled.inc({ queue: worker.name }));
    }
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
