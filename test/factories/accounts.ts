import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { User } from '../../src/modules/auth/user.entity';
import * as argon2 from 'argon2';

export interface Member {
  token: string;
  userId: string;
  partyId: string;
  email: string;
  password: string;
}

type Http = Parameters<typeof request>[0];

export function partyBody(overrides: Record<string, unknown> = {}) {
  return { name: `Party ${randomUUID().slice(0, 8)}`, country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], ...overrides };
}

/** Registers a member with a new party through the API, as a front end would. */
export async function registerMember(http: Http, party: Record<string, unknown> = {}): Promise<Member> {
  const email = `member-${randomUUID()}@example.org`;
  const password = 'correct horse battery';
  const response = await request(http).post('/api/v1/auth/register').send({ email, password, name: 'Test Member', party: partyBody(party) }).expect(201);
  return { token: response.body.accessToken, userId: response.body.user.id, partyId: response.body.party.id, email, password };
}

/** Creates an admin directly (admins are never self-registered) and logs in. */
export async function createAdmin(http: Http, dataSource: DataSource): Promise<{ token: string; userId: string }> {
  const email = `admin-${randomUUID()}@example.org`;
  const password = 'admin password 123';
  const passwordHash = await argon2.hash(password);
  const user = await dataSource.getRepository(User).save({ email, password: undefined, passwordHash, name: 'Admin', role: 'admin', partyId: null });
  const response = await request(http).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { token: response.body.accessToken, userId: user.id };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
