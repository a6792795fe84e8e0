import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import { bearer, createAdmin, partyBody, registerMember } from '../factories/accounts';
import { startTestStack, TestStack } from '../helpers/test-app';
import { expectMatchesSpec } from '../helpers/openapi-validator';

describe('accounts, parties, roles and audit', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  describe('registration and login', () => {
    it('creates a user and its party together, and /me shows both', async () => {
      const register = await request(stack.http)
        .post('/api/v1/auth/register')
        .send({ email: 'Li.Wei@Example.cn', password: 'a long enough password', name: '李伟', party: partyBody({ name: '广西光伏科技', country: 'cn' }) })
        .expect(201);
      expect(register.body.user).toMatchObject({ email: 'li.wei@example.cn', role: 'member', name: '李伟' });
      expect(register.body.party).toMatchObject({ name: '广西光伏科技', country: 'CN', region: 'china' });
      expect(register.body.user.passwordHash).toBeUndefined();

      const login = expectMatchesSpec(await request(stack.http).post('/api/v1/auth/login').send({ email: 'li.wei@example.cn', password: 'a long enough password' }).expect(200));
      const me = expectMatchesSpec(await request(stack.http).get('/api/v1/me').set(bearer(login.body.accessToken)).expect(200));
      expect(me.body.user.id).toBe(register.body.user.id);
      expect(me.body.party.id).toBe(register.body.party.id);
    });

    it.each([
      ['TH', 'asean'],
      ['VN', 'asean'],
      ['DE', 'other'],
    ])('derives the region of %s as %s', async (country, region) => {
      const member = await registerMember(stack.http, { country });
      const party = expectMatchesSpec(await request(stack.http).get(`/api/v1/parties/${member.partyId}`).set(bearer(member.token)).expect(200));
      expect(party.body.region).toBe(region);
    });

    it('answers a duplicate email 409', async () => {
      const member = await registerMember(stack.http);
      const again = await request(stack.http)
        .post('/api/v1/auth/register')
        .send({ email: member.email.toUpperCase(), password: 'another password', name: 'X', party: partyBody() })
        .expect(409);
      expect(again.body.message).toMatch(/already exists/);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const member = await registerMember(stack.http);
      const wrongPassword = expectMatchesSpec(await request(stack.http).post('/api/v1/auth/login').send({ email: member.email, password: 'not the password' }).expect(401));
      const unknownEmail = expectMatchesSpec(await request(stack.http).post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'not the password' }).expect(401));
      expect(wrongPassword.body.message).toBe(unknownEmail.body.message);
    });

    it.each([
      ['an unknown country', { party: partyBody({ country: 'XX' }) }, /country must be an ISO 3166-1 alpha-2 code/],
      ['an unknown kind', { party: partyBody({ kind: 'startup' }) }, /kind must be one of: enterprise, university, research-institute, government-agency, intermediary/],
      ['a short password', { password: 'short' }, /password must be 10 to 200 characters/],
      ['a role', { role: 'admin' }, /property role should not exist/],
      ['a partyId', { partyId: '00000000-0000-0000-0000-000000000000' }, /property partyId should not exist/],
      ['an id', { id: '00000000-0000-0000-0000-000000000000' }, /property id should not exist/],
      ['a createdAt', { createdAt: '2020-01-01T00:00:00Z' }, /property createdAt should not exist/],
      ['no party', { party: undefined }, /party is required/],
    ])('rejects %s with 400', async (_, change, message) => {
      const body = { email: `x-${Math.random()}@example.org`, password: 'a long enough password', name: 'X', party: partyBody(), ...change };
      const response = expectMatchesSpec(await request(stack.http).post('/api/v1/auth/register').send(body).expect(400));
      expect(response.body.message).toMatch(message);
      expect(response.body.details.length).toBeGreaterThan(0);
    });

    it('refuses requests without a token, with a forged token and with an expired token', async () => {
      expectMatchesSpec(await request(stack.http).get('/api/v1/me').expect(401));
      expectMatchesSpec(await request(stack.http).get('/api/v1/me').set(bearer('not.a.token')).expect(401));
      const member = await registerMember(stack.http);
      const jwt = stack.app.get(JwtService);
      const expired = jwt.sign({ sub: member.userId, partyId: member.partyId, role: 'member' }, { expiresIn: -10 });
      const response = expectMatchesSpec(await request(stack.http).get('/api/v1/me').set(bearer(expired)).expect(401));
      expect(response.body.message).toMatch(/expired/);
      const forged = new JwtService({ secret: 'x'.repeat(40) }).sign({ sub: member.userId, partyId: member.partyId, role: 'admin' });
      expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit').set(bearer(forged)).expect(401));
    });
  });

  describe('parties and invitations', () => {
    it('lets a member change its own party and records it in the audit trail', async () => {
      const member = await registerMember(stack.http);
      const updated = await request(stack.http)
        .patch(`/api/v1/parties/${member.partyId}`)
        .set(bearer(member.token))
        .send({ description: 'ผู้ผลิตเซลล์แสงอาทิตย์', country: 'TH' })
        .expect(200);
      expect(updated.body).toMatchObject({ description: 'ผู้ผลิตเซลล์แสงอาทิตย์', country: 'TH', region: 'asean' });

      const admin = await createAdmin(stack.http, stack.dataSource);
      const audit = expectMatchesSpec(await request(stack.http).get(`/api/v1/admin/audit?objectType=party&objectId=${member.partyId}`).set(bearer(admin.token)).expect(200));
      const update = audit.body.items.find((entry: { action: string }) => entry.action === 'party.updated');
      expect(update).toMatchObject({ actorId: member.userId, summary: { changed: expect.arrayContaining(['description', 'country', 'region']) } });
      expect(update.requestId).toEqual(expect.any(String));
    });

    it('does not let a member of party B change party A, nor set server-owned fields', async () => {
      const a = await registerMember(stack.http);
      const b = await registerMember(stack.http);
      expectMatchesSpec(await request(stack.http).patch(`/api/v1/parties/${a.partyId}`).set(bearer(b.token)).send({ name: 'taken over' }).expect(403));
      expectMatchesSpec(await request(stack.http).patch(`/api/v1/parties/${a.partyId}`).set(bearer(a.token)).send({ region: 'china' }).expect(400));
      expectMatchesSpec(await request(stack.http).patch(`/api/v1/parties/${a.partyId}`).set(bearer(a.token)).send({ id: b.partyId }).expect(400));
      const party = expectMatchesSpec(await request(stack.http).get(`/api/v1/parties/${a.partyId}`).set(bearer(b.token)).expect(200));
      expect(party.body.name).not.toBe('taken over');
    });

    it('answers an unknown party 404 and a malformed id 400', async () => {
      const member = await registerMember(stack.http);
      expectMatchesSpec(await request(stack.http).get('/api/v1/parties/00000000-0000-4000-8000-000000000000').set(bearer(member.token)).expect(404));
      expectMatchesSpec(await request(stack.http).get('/api/v1/parties/not-a-uuid').set(bearer(member.token)).expect(400));
    });

    it('lets a colleague join through an invitation, once, with the invited email only', async () => {
      const founder = await registerMember(stack.http);
      const invitation = await request(stack.http)
        .post(`/api/v1/parties/${founder.partyId}/invitations`)
        .set(bearer(founder.token))
        .send({ email: 'colleague@example.org' })
        .expect(201);
      const outsider = await registerMember(stack.http);
      expectMatchesSpec(await request(stack.http).post(`/api/v1/parties/${founder.partyId}/invitations`).set(bearer(outsider.token)).send({ email: 'x@example.org' }).expect(403));

      await request(stack.http)
        .post('/api/v1/auth/register')
        .send({ email: 'someone-else@example.org', password: 'a long enough password', name: 'Wrong', invitationToken: invitation.body.token })
        .expect(400);
      const joined = await request(stack.http)
        .post('/api/v1/auth/register')
        .send({ email: 'colleague@example.org', password: 'a long enough password', name: 'Colleague', invitationToken: invitation.body.token })
        .expect(201);
      expect(joined.body.party.id).toBe(founder.partyId);
      await request(stack.http)
        .post('/api/v1/auth/register')
        .send({ email: 'colleague2@example.org', password: 'a long enough password', name: 'Again', invitationToken: invitation.body.token })
        .expect(400);
    });
  });

  describe('roles', () => {
    it('gives members 403 on admin routes and admins 200', async () => {
      const member = await registerMember(stack.http);
      expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit').set(bearer(member.token)).expect(403));
      expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit').expect(401));
      const admin = await createAdmin(stack.http, stack.dataSource);
      const audit = expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit?limit=2').set(bearer(admin.token)).expect(200));
      expect(audit.body.items.length).toBeLessThanOrEqual(2);
      expect(audit.body).toHaveProperty('nextCursor');
    });

    it('pages the audit trail with an opaque cursor and rejects a forged one', async () => {
      const admin = await createAdmin(stack.http, stack.dataSource);
      const first = expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit?limit=3').set(bearer(admin.token)).expect(200));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = expectMatchesSpec(await request(stack.http).get(`/api/v1/admin/audit?limit=3&cursor=${first.body.nextCursor}`).set(bearer(admin.token)).expect(200));
      const firstIds = first.body.items.map((e: { id: string }) => e.id);
      expect(second.body.items.map((e: { id: string }) => e.id).some((id: string) => firstIds.includes(id))).toBe(false);
      expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit?cursor=garbage').set(bearer(admin.token)).expect(400));
      expectMatchesSpec(await request(stack.http).get('/api/v1/admin/audit?limit=101').set(bearer(admin.token)).expect(400));
    });
  });
});

describe('login rate limit', () => {
  let stack: TestStack;
  const previous = process.env.LOGIN_RATE_LIMIT;

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT = '3';
    stack = await startTestStack();
  });
  afterAll(async () => {
    process.env.LOGIN_RATE_LIMIT = previous;
    await stack.close();
  });

  it('answers 429 with Retry-After once an account has had too many attempts', async () => {
    const member = await registerMember(stack.http);
    for (let attempt = 0; attempt < 3; attempt++) {
      expectMatchesSpec(await request(stack.http).post('/api/v1/auth/login').send({ email: member.email, password: 'wrong password' }).expect(401));
    }
    const limited = expectMatchesSpec(await request(stack.http).post('/api/v1/auth/login').send({ email: member.email, password: member.password }).expect(429));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
