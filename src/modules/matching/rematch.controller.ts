import { randomUUID } from 'node:crypto';
import { getQueueToken, InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Roles } from '../../common/auth/roles.decorator';
import { JobName, QueueName } from '../../queue/queue-names';
import { AuditService } from '../audit/audit.service';
import { ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class RematchController {
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(QueueName.Matching) private readonly matchingQueue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    moduleRef: ModuleRef,
  ) {
    // Every queue, so a job of any kind (re-match, import, scheduling...) can be followed here.
    this.queues = Object.values(QueueName).map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  @Post('rematch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-score every published listing (after a change of taxonomy or weights)' })
  @ApiAcceptedResponse({ schema: { properties: { jobId: { type: 'string' } } } })
  async rematch(@CurrentUser() admin: AuthenticatedUser): Promise<{ jobId: string }> {
    const jobId = `rematch-${randomUUID()}`;
    await this.matchingQueue.add(JobName.RematchAll, { requestedBy: admin.userId }, { jobId });
    await this.audit.record(this.dataSource.manager, { actor: admin, action: 'matching.rematch-requested', objectType: 'job', objectId: jobId.slice('rematch-'.length) });
    return { jobId };
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'State and progress of a background job' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['id', 'name', 'queue', 'state', 'progress', 'result', 'failedReason'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        queue: { type: 'string' },
        state: { type: 'string', example: 'completed' },
        progress: { oneOf: [{ type: 'number' }, { type: 'object', additionalProperties: true }] },
        result: { description: 'What the job returned; null until it completes' },
        failedReason: { type: 'string', nullable: true },
      },
    },
  })
  async job(@Param('id') id: string) {
    for (const queue of this.queues) {
      // State first, then the job: read the other way round, a job finishing in between would show
      // as completed without its result.
      const state = await queue.getJobState(id);
      if (state === 'unknown') continue;
      const job = await queue.getJob(id);
      if (job) {
        return { id: job.id, name: job.name, queue: queue.name, state, progress: job.progress, result: job.returnvalue ?? null, failedReason: job.failedReason ?? null };
      }
    }
    throw new NotFoundException('job not found (finished jobs are kept for a day)');
  }
}
