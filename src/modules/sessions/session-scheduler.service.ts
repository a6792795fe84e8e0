import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { ScheduleSessionData } from '../../queue/queue-names';
import { AuditService } from '../audit/audit.service';
import { scheduleMeetings } from './scheduling/schedule-meetings';
import { schedulingUpperBound } from './scheduling/upper-bound';
import { SchedulingRepository } from './scheduling.repository';
import { MatchmakingSession, ScheduleSummary } from './session.entity';
import { slotsOf } from './sessions.service';

/** The improvement phase stops here; the job's lock (30 s) is renewed well within it. */
const SCHEDULING_TIME_LIMIT_MS = 8000;

export interface ScheduleProgress {
  stage: 'loading' | 'scheduling' | 'saving' | 'done';
  percent: number;
}

export type ScheduleRunResult = ScheduleSummary | { skipped: true; reason: string };

/**
 * One scheduling run, in one transaction under the session's row lock: reads the fixed meetings
 * and the candidates, plans (pure algorithm), writes the draft meetings and releases the session.
 * A retried job redoes it all; a run whose id the session no longer holds writes nothing.
 */
@Injectable()
export class SessionSchedulerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SchedulingRepository,
    private readonly audit: AuditService,
  ) {}

  async run(jobId: string, data: ScheduleSessionData, progress: (p: ScheduleProgress) => Promise<void>): Promise<ScheduleRunResult> {
    await progress({ stage: 'loading', percent: 5 });
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.findOne(MatchmakingSession, { where: { id: data.sessionId }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw new UnrecoverableError(`session ${data.sessionId} does not exist`);
      if (session.scheduleJobId !== jobId) return { skipped: true, reason: `the session is held by ${session.scheduleJobId ?? 'no run'}, not by this job` };
      const started = performance.now();

      // A full run plans the draft afresh; confirmed meetings stay fixed either way.
      if (data.mode === 'full') await manager.query(`DELETE FROM meetings WHERE session_id = $1 AND status = 'draft'`, [session.id]);
      const slots = slotsOf(session);
      const { problem, sides } = await this.repository.loadProblem(manager, session, slots.length);
      await progress({ stage: 'scheduling', percent: 30 });

      const result = scheduleMeetings(problem, { timeLimitMs: SCHEDULING_TIME_LIMIT_MS });
      const bound = schedulingUpperBound(problem);
      await progress({ stage: 'saving', percent: 80 });

      await this.repository.insertDraftMeetings(manager, session.id, slots, result.placed, sides);
      const waiting: Record<string, number> = {};
      for (const meeting of result.waiting) waiting[meeting.reason] = (waiting[meeting.reason] ?? 0) + 1;
      const summary: ScheduleSummary = {
        jobId,
        mode: data.mode,
        finishedAt: new Date().toISOString(),
        candidates: problem.candidates.length,
        placed: result.placed.length,
        kept: problem.fixed?.length ?? 0,
        waiting,
        greedyPriority: result.greedyPriority,
        totalPriority: result.totalPriority,
        upperBound: bound.bound,
        milliseconds: Math.round(performance.now() - started),
      };
      await manager.update(MatchmakingSession, session.id, {
        status: session.status === 'setup' ? 'draft' : session.status,
        scheduleJobId: null,
        lastSchedule: summary,
      });
      await this.audit.record(manager, {
        actor: data.requestedBy ? { userId: data.requestedBy, partyId: null, role: 'admin' } : null,
        action: 'session.scheduled',
        objectType: 'session',
        objectId: session.id,
        summary: { ...summary },
      });
      return summary;
    });
  }

  /** After a run's last attempt failed: lets the session be scheduled again, if this run still holds it. */
  async release(jobId: string, sessionId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [unknown[], number] = await manager.query(
        `UPDATE matchmaking_sessions SET schedule_job_id = NULL, updated_at = now() WHERE id = $1 AND schedule_job_id = $2 RETURNING id`,
        [sessionId, jobId],
      );
      if (rows.length === 0) return;
      await this.audit.record(manager, { actor: null, action: 'session.schedule-failed', objectType: 'session', objectId: sessionId, summary: { jobId, reason } });
    });
  }
}
