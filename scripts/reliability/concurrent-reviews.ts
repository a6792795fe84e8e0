/**
 * Conflicting reviews of one match, all at once, against a running API: of 100 simultaneous
 * approve/reject requests carrying the same version exactly one may win. Per match it checks:
 * 1 answer 200 and 99 answers 409 (stale version), none 5xx or unanswered; the match's status is
 * the winner's decision, its version went up by exactly one and its note is the winner's; exactly
 * one audit row for the race, naming the winner's decision; and approval notices for both parties
 * at most once, however many approvals raced.
 *
 * Odd rounds race on a match that was already approved once (version 2), so a decided match is
 * re-decided under the same rule. Matches are written directly, as the matcher would, between
 * listings created through the API; no worker runs, so only the reviews touch them.
 * A database of its own; the shared Redis under a queue prefix of its own. The API is a child
 * process. Run: npx ts-node --transpile-only scripts/reliability/concurrent-reviews.ts [matches=20] [requests=100]
 * Exits 1 when a check fails.
 */
import { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { freshBenchDatabase } from '../../bench/support/bench-database';
import { postJsonOk, requestJson, serviceEnv, startEntry, stopProcess, waitForLive } from '../../bench/support/http-bench';

const MATCHES = Number(process.argv[2] ?? 20);
const REQUESTS = Number(process.argv[3] ?? 100);
const API_PORT = Number(process.env.RELIABILITY_API_PORT ?? 3966);
const DATABASE = process.env.RELIABILITY_DATABASE ?? 'techbridge_reliability_reviews';
const PREFIX = process.env.RELIABILITY_QUEUE_PREFIX ?? 'techbridge-reliability-reviews';
const LOG = process.env.RELIABILITY_LOG ?? '/tmp/techbridge-concurrent-reviews.log';
const BASE = `http://127.0.0.1:${API_PORT}`;
/** Longer than waitForLive's default: here the API starts beside a worker and a seeding load on the same cores. */
const API_START_TIMEOUT_MS = 5 * 180_000;
const ADMIN = { email: 'reviews-admin@example.org', password: 'reviews admin password 2026' };

type Decision = 'approve' | 'reject';
const STATUS_OF: Record<Decision, string> = { approve: 'approved', reject: 'rejected' };

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

interface Side {
  token: string;
  partyId: string;
}

async function register(i: number, country: string): Promise<Side> {
  const registered = await postJsonOk(BASE, '/api/v1/auth/register', {
    email: `reviews${i}@example.org`,
    password: 'correct horse battery staple',
    name: `Reviews member ${i}`,
    party: { name: `Reviews party ${i}`, country, kind: i % 2 ? 'university' : 'enterprise' },
  });
  return { token: registered.accessToken as string, partyId: (registered.party as { id: string }).id };
}

/** A published offer and need through the API, joined by a match row written as the matcher writes it. */
async function createMatch(dataSource: DataSource, offerSide: Side, needSide: Side, round: number): Promise<{ id: string; version: number }> {
  const offer = await postJsonOk(
    BASE,
    '/api/v1/offers',
    { title: `海岛光伏微电网成套技术 ${round}`, description: '分布式光伏发电与储能一体化微电网解决方案，包括高效光伏组件、锂电池储能系统和能量管理系统。', trl: 7, transferModes: ['licensing'], status: 'submitted' },
    offerSide.token,
  );
  const need = await postJsonOk(
    BASE,
    '/api/v1/needs',
    { title: `ระบบไฟฟ้าพลังงานแสงอาทิตย์สำหรับเกาะ ${round}`, description: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์และแบตเตอรี่กักเก็บพลังงาน สำหรับชุมชนบนเกาะ', minTrl: 6, transferModes: ['licensing'], status: 'submitted' },
    needSide.token,
  );
  if (offer.status !== 'published' || need.status !== 'published') throw new Error(`listings not published at once (${String(offer.status)}, ${String(need.status)}): LISTING_REVIEW must be off`);
  const explanation = { factors: [{ name: 'concepts', weight: 0.5, value: 0.8, contribution: 0.4 }], sharedConceptIds: [], sharedFieldIds: [] };
  const [row] = await dataSource.query(
    `INSERT INTO matches (offer_id, need_id, offer_party_id, need_party_id, sector, score, explanation, algorithm_version, taxonomy_version,
                          offer_revision, need_revision, chosen_by_offer, chosen_by_need, status, announced_at)
     VALUES ($1, $2, $3, $4, 'sustainable-development', 0.72, $5, 'reliability', 'reliability', 1, 1, true, true, 'proposed', now())
     RETURNING id, version`,
    [offer.id, need.id, offerSide.partyId, needSide.partyId, JSON.stringify(explanation)],
  );
  return row;
}

async function main(): Promise<void> {
  console.log(`concurrent reviews: ${MATCHES} matches, ${REQUESTS} simultaneous conflicting decisions on each`);
  const { url, dataSource } = await freshBenchDatabase(DATABASE);
  let api: ChildProcess | undefined;
  const failures: string[] = [];
  const totals = { ok: 0, conflict: 0, other: 0, approvedWins: 0, rejectedWins: 0 };
  try {
    const log = openSync(LOG, 'w');
    console.log(`  API output: ${LOG}`);
    api = startEntry('main.ts', {
      env: serviceEnv(url, PREFIX, {
        PORT: String(API_PORT),
        LISTING_REVIEW: 'off',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      }),
      stdio: ['ignore', log, log],
    });
    await waitForLive(api, BASE, API_START_TIMEOUT_MS);
    const adminToken = (await postJsonOk(BASE, '/api/v1/auth/login', ADMIN)).accessToken as string;
    const offerSide = await register(0, 'CN');
    const needSide = await register(1, 'TH');

    for (let round = 0; round < MATCHES; round++) {
      const fail = (message: string) => failures.push(`match ${round}: ${message}`);
      const match = await createMatch(dataSource, offerSide, needSide, round);
      let version = match.version;
      let auditBefore = 0;
      let approvedBefore = false;
      if (round % 2 === 1) {
        const first = await requestJson(BASE, 'POST', `/api/v1/admin/matches/${match.id}/approve`, { version, note: 'first decision' }, adminToken);
        if (first.status !== 200) throw new Error(`the first approval of match ${round} answered ${first.status} ${JSON.stringify(first.json)}`);
        version = first.json.version as number;
        auditBefore = 1;
        approvedBefore = true;
      }

      // Every request is under way before any answer is read: the decisions race in the database.
      const decisions: Decision[] = Array.from({ length: REQUESTS }, (_, i) => (i % 2 ? 'approve' : 'reject'));
      // Sent in a shuffled order, so the first request out is not always the same decision.
      const answers: Awaited<ReturnType<typeof requestJson>>[] = new Array(REQUESTS);
      await Promise.all(
        shuffled(decisions.map((_, i) => i)).map(async (i) => {
          answers[i] = await requestJson(BASE, 'POST', `/api/v1/admin/matches/${match.id}/${decisions[i]}`, { version, note: `decision ${i}` }, adminToken);
        }),
      );
      const winners = answers.map((answer, i) => ({ answer, i })).filter(({ answer }) => answer.status === 200);
      const conflicts = answers.filter((answer) => answer.status === 409);
      const others = answers.filter((answer) => answer.status !== 200 && answer.status !== 409);
      totals.ok += winners.length;
      totals.conflict += conflicts.length;
      totals.other += others.length;
      if (winners.length !== 1) fail(`${winners.length} decisions answered 200 (expected 1)`);
      if (conflicts.length !== REQUESTS - 1) fail(`${conflicts.length} answered 409 (expected ${REQUESTS - 1})`);
      if (others.length) fail(`other answers: ${[...new Set(others.map((answer) => answer.status))].join(', ')} (${others.length}); 0 means unanswered`);
      const staleMessage = `version ${version} is stale: the match is at version ${version + 1}`;
      const wrongReason = conflicts.filter((answer) => !String(answer.json.message).includes(staleMessage));
      if (wrongReason.length) fail(`${wrongReason.length} conflicts not for a stale version, e.g. ${JSON.stringify(wrongReason[0].json)}`);

      const [stored] = await dataSource.query('SELECT status, version, review_note AS note FROM matches WHERE id = $1', [match.id]);
      const audits: { action: string; note: string | null }[] = await dataSource.query(
        `SELECT action, summary->>'note' AS note FROM audit_entries WHERE object_type = 'match' AND object_id = $1 ORDER BY created_at`,
        [match.id],
      );
      const [{ notices }] = await dataSource.query(`SELECT count(*)::int AS notices FROM notifications WHERE kind = 'match-approved' AND data->>'matchId' = $1`, [match.id]);
      let verdict = 'no winner';
      if (winners.length === 1) {
        const { answer, i } = winners[0];
        const decision = decisions[i];
        const status = STATUS_OF[decision];
        if (decision === 'approve') totals.approvedWins += 1;
        else totals.rejectedWins += 1;
        verdict = `${decision} won (request ${i})`;
        if (answer.json.status !== status || answer.json.version !== version + 1) fail(`the winner's answer says ${String(answer.json.status)} at version ${String(answer.json.version)}`);
        if (stored.status !== status) fail(`stored status ${stored.status}, the winner decided ${status}`);
        if (stored.note !== `decision ${i}`) fail(`stored note "${stored.note}", the winner's was "decision ${i}"`);
        const raced = audits.slice(auditBefore);
        if (raced.length !== 1) fail(`${raced.length} audit rows for the race (expected 1)`);
        else if (raced[0].action !== `match.${status}` || raced[0].note !== `decision ${i}`) fail(`the audit row says ${raced[0].action} "${raced[0].note}", not the winner's decision`);
        const expectedNotices = approvedBefore || decision === 'approve' ? 2 : 0;
        if (notices !== expectedNotices) fail(`${notices} approval notices (expected ${expectedNotices}: one per party, once)`);
      }
      if (stored.version !== version + 1) fail(`version ${version} -> ${stored.version} (expected ${version + 1})`);
      if (audits.length !== auditBefore + 1) fail(`${audits.length} audit rows in all (expected ${auditBefore + 1})`);
      console.log(
        `  match ${String(round).padStart(2)} at version ${version}${approvedBefore ? ' (approved before)' : ''}: ${verdict}; ` +
          `200 x${winners.length}, 409 x${conflicts.length}, other x${others.length}; version ${version} -> ${stored.version}; ` +
          `${audits.length - auditBefore} audit row for the race; ${notices} approval notices`,
      );
    }
    console.log(
      `  in all: ${totals.ok} x 200, ${totals.conflict} x 409, ${totals.other} other; winners: approve ${totals.approvedWins}, reject ${totals.rejectedWins}`,
    );
  } finally {
    await stopProcess(api);
    await dataSource.destroy();
  }
  console.log(
    failures.length
      ? `FAILED:\n  ${failures.join('\n  ')}`
      : `OK: on each of ${MATCHES} matches exactly 1 of ${REQUESTS} conflicting decisions won, the others were 409 for a stale version, the stored state and the audit trail are the winner's`,
  );
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
