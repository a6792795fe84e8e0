import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobMetricsService } from './job-metrics.service';
import { WorkerMetricsServer } from './worker-metrics.server';

/** Job durations of this worker process, served on WORKER_METRICS_PORT when it is set. */
@Module({
  imports: [DiscoveryModule],
  providers: [JobMetricsService, WorkerMetricsServer],
})
export class WorkerMetricsModule {}
