import request from 'supertest';
import { bearer, createAdmin, registerMember } from '../factories/accounts';
import { startTestStack, TestStack } from '../helpers/test-app';
import { FuzzRequest, fuzzRequests, OpenApiDocument } from '../security/fuzz-requests';

/** FUZZ_SEED reproduces a run; FUZZ_PER_OPERATION makes it longer. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const PER_OPERATION = Number(process.env.FUZZ_PER_OPERATION ?? 40);
const CONCURRENCY = 8;

/**
 * Bad requests generated from the OpenAPI document the app serves, sent as a member and as an
 * admin: none may be answered 5xx, and the service must still be healthy afterwards.
 */
describe('fuzzing from the OpenAPI document', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // The fuzzer logs in hundreds of times on purpose; the limit itself is tested in api-hardening.
    process.env.LOGIN_RATE_LIMIT = '100000';
    stack = await startTestStack();
  });
  afterAll(async () => {
    process.env.LOGIN_RATE_LIMIT = '1000';
    await stack.close();
  });

  it('answers at least 2,000 generated bad requests without a 5xx', async () => {
    const { http, dataSource } = stack;
    const document: OpenApiDocument = (await request(http).get('/docs-json').expect(200)).body;
    const member = await registerMember(http, { country: 'MY' });
    const admin = await createAdmin(http, dataSource);
    const requests = fuzzRequests(document, { seed: SEED, perOperation: PER_OPERATION, validId: '6f1d2c2e-1b4a-4c1e-9a0e-2f6d2b8f0c11' });
    expect(requests.length).toBeGreaterThanOrEqual(2_000);

    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const send = async (fuzz: FuzzRequest, index: number) => {
      const token = index % 2 ? admin.token : member.token;
      let call = request(http)[fuzz.method.toLowerCase() as 'get'](fuzz.url).set(bearer(token));
      if (fuzz.contentType) call = call.set('Content-Type', fuzz.contentType);
      if (fuzz.body !== undefined) call = call.send(fuzz.body);
      const response = await call;
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      if (response.status >= 500) {
        failures.push(`${response.status} ${fuzz.operation} [${fuzz.mutation}] as ${index % 2 ? 'admin' : 'member'}: ${fuzz.url.slice(0, 120)} ${fuzz.body?.slice(0, 200) ?? ''}`);
      }
    };
    const started = Date.now();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < requests.length) {
          const index = cursor++;
          await send(requests[index], index);
        }
      }),
    );

    const counts = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    process.stdout.write(
      `\nfuzz: ${requests.length} requests over ${Object.keys(document.paths).length} paths (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `fuzz: by status  ${counts.join('  ')}\n`,
    );
    expect(failures).toEqual([]);
    await request(http).get('/health').expect(200);
    await request(http).get('/api/v1/me').set(bearer(member.token)).expect(200);
  }, 180_000);
});
