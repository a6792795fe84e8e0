import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '../../queue/queue-names';
import { ALGORITHM_VERSION } from './scoring/scoring-weights';
import { TaxonomyService } from './taxonomy/taxonomy.service';

/** A new taxonomy or new weights make every stored score stale: one re-match, whichever worker notices first. */
@Injectable()
export class ScoringVersionsService {
  private readonly logger = new Logger(ScoringVersionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    @InjectQueue(QueueName.Matching) private readonly matchingQueue: Queue,
  ) {}

  async rematchIfVersionsChanged(): Promise<boolean> {
    const stale = await this.dataSource.query(
      `SELECT 1 FROM matches WHERE taxonomy_version <> $1 OR algorithm_version <> $2 LIMIT 1`,
      [this.taxonomy.version, ALGORITHM_VERSION],
    );
    if (stale.length === 0) return false;
    // The job id names the versions, so several workers starting together queue it once.
    const jobId = `rematch-versions-${this.taxonomy.version}-${ALGORITHM_VERSION}`;
    await this.matchingQueue.add(JobName.RematchAll, { requestedBy: null }, { jobId });
    this.logger.log({ jobId }, 'taxonomy or algorithm version changed: re-match queued');
    return true;
  }
}
