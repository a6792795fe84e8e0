import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_PROCESSOR, JobProcessorMetadata, unhandledJobs } from './job-processor.decorator';
import { JOB_QUEUE } from './queue-names';

/** Stops the worker at start when a job of JOB_QUEUE has no processor declaring it. */
@Injectable()
export class JobHandlersCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .map((wrapper) => (wrapper.metatype ? (Reflect.getMetadata(JOB_PROCESSOR, wrapper.metatype) as JobProcessorMetadata | undefined) : undefined))
      .filter((metadata): metadata is JobProcessorMetadata => metadata !== undefined);
    const missing = unhandledJobs(processors);
    if (missing.length > 0) {
      throw new Error(`the worker has no handler for ${missing.map((job) => `${job} (queue ${JOB_QUEUE[job]})`).join(', ')}`);
    }
  }
}
