import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { JobName, QueueName, ScheduleSessionData } from '../../queue/queue-names';
import { AuditService } from '../audit/audit.service';
import { Notice } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { MatchmakingSession } from './session.entity';
import { ScheduleMode } from './sessions.constants';
import { PublishResponseDto, ScheduleStatusDto } from './sessions-response.dto';
import { SessionsService } from './sessions.service';
import { formatInZone } from './time/zoned-time';

/** Job states in which a run is still coming or going: its hold on the session is real. */
const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Asks for scheduling runs and publishes their drafts. At most one run holds a session: a
 * conditional UPDATE sets `schedule_job_id` only when it is empty, so of two requests at the same
 * moment one gets the session and the other a 409. The job is queued inside that transaction: if
 * Redis refuses it, the hold is never committed.
 */
@Injectable()
export class SchedulingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Scheduling) private readonly queue: Queue,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async request(admin: AuthenticatedUser, sessionId: string, mode: ScheduleMode): Promise<{ jobId: string }> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.dataSource.transaction(async (manager): Promise<{ jobId: string } | { heldBy: string }> => {
        // Never reused, even when this transaction rolls back after Redis took the job: BullMQ
        // would silently keep an old job under a reused id instead of adding the new one.
        const candidateJobId = `schedule-${sessionId}-${randomUUID().slice(0, 8)}`;
        const [claimed]: [{ job_id: string }[], number] = await manager.query(
          `UPDATE matchmaking_sessions
              SET schedule_runs = schedule_runs + 1, schedule_job_id = $2, schedule_requested_at = now(), updated_at = now()
            WHERE id = $1 AND schedule_job_id IS NULL
        RETURNING schedule_job_id AS job_id`,
          [sessionId, candidateJobId],
        );
        if (claimed.length === 0) {
          const [row] = await manager.query('SELECT schedule_job_id FROM matchmaking_sessions WHERE id = $1', [sessionId]);
          if (!row) throw new NotFoundException('session not found');
          return { heldBy: row.schedule_job_id as string };
        }
        const jobId = claimed[0].job_id;
        await this.audit.record(manager, { actor: admin, action: 'session.schedule-requested', objectType: 'session', objectId: sessionId, summary: { jobId, mode } });
        const data: ScheduleSessionData = { sessionId, mode, requestedBy: admin.userId };
        await this.queue.add(JobName.ScheduleSession, data, { jobId });
        return { jobId };
      });
      if ('jobId' in outcome) return { jobId: outcome.jobId };
      if (attempt === 0 && (await this.releaseIfStale(sessionId, outcome.heldBy))) continue;
      throw new ConflictException({
        message: `session ${sessionId} is already being scheduled by job ${outcome.heldBy}; wait until it finishes (GET /admin/sessions/${sessionId}/schedule)`,
        details: [{ jobId: outcome.heldBy }],
      });
    }
  }

  /**
   * A hold whose job is finished, failed or lost (Redis flushed) would block the session forever;
   * it is released here, by a conditional UPDATE, so two requests doing this at once free it once.
   */
  private async releaseIfStale(sessionId: string, jobId: string): Promise<boolean> {
    const state = await this.queue.getJobState(jobId);
    if (LIVE_JOB_STATES.has(state)) return false;
    await this.dataSource.transaction(async (manager) => {
      const [released]: [unknown[], number] = await manager.query(
        `UPDATE matchmaking_sessions SET schedule_job_id = NULL, updated_at = now() WHERE id = $1 AND schedule_job_id = $2 RETURNING id`,
        [sessionId, jobId],
      );
      if (released.length) {
        await this.audit.record(manager, { actor: null, action: 'session.schedule-released', objectType: 'session', objectId: sessionId, summary: { jobId, jobState: state } });
      }
    });
    return true;
  }

  async status(sessionId: string): Promise<ScheduleStatusDto> {
    const session = await this.sessions.find(sessionId);
    const jobId = session.scheduleJobId ?? session.lastSchedule?.jobId ?? null;
    let state: string | null = null;
    let progress: unknown = null;
    if (jobId) {
      // State first, then the job: the other way round, a run finishing in between shows completed without its progress.
      state = await this.queue.getJobState(jobId);
      const job = state === 'unknown' ? null : await this.queue.getJob(jobId);
      progress = job?.progress ?? null;
    }
    return {
      sessionId,
      running: session.scheduleJobId !== null,
      jobId,
      state,
      progress,
      lastSchedule: session.lastSchedule as unknown as Record<string, unknown> | null,
    };
  }

  /** Confirms every draft meeting; parties then see them, and each party with new meetings is told. */
  async publish(admin: AuthenticatedUser, sessionId: string): Promise<PublishResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.findOne(MatchmakingSession, { where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw new NotFoundException('session not found');
      if (session.scheduleJobId) throw new ConflictException(`a scheduling run (job ${session.scheduleJobId}) holds the session; publish when it has finished`);
      const [confirmed]: [{ id: string; offer_party_id: string; need_party_id: string; starts_at: Date }[], number] = await manager.query(
        `UPDATE meetings SET status = 'confirmed', confirmed_at = now(), updated_at = now()
          WHERE session_id = $1 AND status = 'draft'
      RETURNING id, offer_party_id, need_party_id, starts_at`,
        [sessionId],
      );
      if (confirmed.length === 0) {
        throw new ConflictException(session.status === 'setup' ? 'nothing to publish: schedule the session first' : 'nothing to publish: the session has no draft meetings');
      }
      session.status = 'published';
      session.publishedAt ??= new Date();
      await manager.save(session);
      await this.audit.record(manager, { actor: admin, action: 'session.published', objectType: 'session', objectId: sessionId, summary: { confirmed: confirmed.length } });
      await this.notifications.notifyParties(manager, agendaNotices(session, confirmed));
      const counts = await this.sessions.meetingCounts([sessionId]);
      return { session: this.sessions.toResponse(session, admin, counts.get(sessionId)), confirmed: confirmed.length };
    });
  }
}

/** One notice per party with newly confirmed meetings: how many, and when the first is. */
function agendaNotices(session: MatchmakingSession, confirmed: { id: string; offer_party_id: string; need_party_id: string; starts_at: Date }[]): Notice[] {
  const byParty = new Map<string, { id: string; startsAt: Date }[]>();
  for (const meeting of confirmed) {
    for (const party of [meeting.offer_party_id, meeting.need_party_id]) {
      if (!byParty.has(party)) byParty.set(party, []);
      byParty.get(party)!.push({ id: meeting.id, startsAt: new Date(meeting.starts_at) });
    }
  }
  return [...byParty].map(([partyId, meetings]) => {
    meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const first = formatInZone(meetings[0].startsAt, session.timeZone);
    return {
      partyId,
      kind: 'meeting-scheduled',
      title: `${session.name}: ${meetings.length} meeting${meetings.length === 1 ? '' : 's'} in your agenda, the first at ${first.slice(0, 10)} ${first.slice(11, 16)} (${session.timeZone})`,
      data: { sessionId: session.id, meetingIds: meetings.map((m) => m.id), firstStartsAt: first },
    };
  });
}
