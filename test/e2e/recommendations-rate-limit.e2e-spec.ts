import request from 'supertest';
import { bearer, registerMember } from '../factories/accounts';
import { expectMatchesSpec } from '../helpers/openapi-validator';
import { startTestStack, TestStack } from '../helpers/test-app';

/** Bulk scraping of recommendations (OWASP API4/API6): reads are limited per party, not per token or per member. */
describe('recommendation reads are rate-limited per party', () => {
  let stack: TestStack;
  const LIMIT = 5;

  beforeAll(async () => {
    process.env.RECOMMENDATIONS_RATE_LIMIT = String(LIMIT);
    stack = await startTestStack();
  });
  afterAll(async () => {
    delete process.env.RECOMMENDATIONS_RATE_LIMIT;
    await stack.close();
  });

  it('answers 429 with Retry-After once a party has read too much, whichever member reads, and leaves other parties and login alone', async () => {
    const founder = await registerMember(stack.http, { country: 'TH' });
    const invitation = await request(stack.http).post(`/api/v1/parties/${founder.partyId}/invitations`).set(bearer(founder.token)).send({ email: 'colleague@example.org' }).expect(201);
    const colleague = await request(stack.http)
      .post('/api/v1/auth/register')
      .send({ email: 'colleague@example.org', password: 'a long enough password', name: 'Colleague', invitationToken: invitation.body.token })
      .expect(201);
    const other = await registerMember(stack.http, { country: 'CN' });

    for (let i = 0; i < LIMIT; i++) {
      const token = i % 2 === 0 ? founder.token : colleague.body.accessToken;
      expectMatchesSpec(await request(stack.http).get('/api/v1/recommendations').set(bearer(token)).expect(200));
    }
    const limited = expectMatchesSpec(await request(stack.http).get('/api/v1/recommendations').set(bearer(colleague.body.accessToken)).expect(429));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toEqual(expect.any(String));
    await request(stack.http).get(`/api/v1/matches/00000000-0000-4000-8000-000000000000`).set(bearer(founder.token)).expect(429);

    expectMatchesSpec(await request(stack.http).get('/api/v1/recommendations').set(bearer(other.token)).expect(200));
    await request(stack.http).post('/api/v1/auth/login').send({ email: founder.email, password: founder.password }).expect(200);
    await request(stack.http).get('/api/v1/me').set(bearer(founder.token)).expect(200);
  });
});
