import { randomBytes } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Role } from '../../common/auth/roles.decorator';
import { AuditService } from '../audit/audit.service';
import { User } from './user.entity';

const UNIQUE_VIOLATION = '23505';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  partyId: string | null;
}

@Injectable()
export class UsersService {
  private decoyHash?: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(manager: EntityManager, user: NewUser): Promise<User> {
    const passwordHash = await argon2.hash(user.password, { type: argon2.argon2id });
    try {
      return await manager.save(
        manager.create(User, { email: user.email.toLowerCase(), name: user.name, role: user.role, partyId: user.partyId, passwordHash }),
      );
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException('an account with this email already exists');
      }
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: email.toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id });
  }

  async verifyPassword(user: User, password: string): Promise<boolean> {
    return argon2.verify(user.passwordHash, password);
  }

  /** Spends the time of a real verification; always false. */
  async verifyAgainstDecoy(password: string): Promise<boolean> {
    this.decoyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
    await argon2.verify(await this.decoyHash, password);
    return false;
  }

  async recordLogin(userId: string): Promise<void> {
    await this.dataSource.getRepository(User).update({ id: userId }, { lastLoginAt: new Date() });
  }

  /**
   * Creates the admin, or resets its password and role when the email exists: running it again
   * with a new password is how an operator recovers the admin account.
   */
  async ensureAdmin(email: string, password: string, name = 'Forum administrator'): Promise<{ user: User; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(User, { where: { email: email.toLowerCase() }, lock: { mode: 'pessimistic_write' } });
      if (existing) {
        const passwordMatches = await argon2.verify(existing.passwordHash, password);
        if (existing.role === 'admin' && passwordMatches) return { user: existing, created: false };
        existing.role = 'admin';
        existing.passwordHash = await argon2.hash(password, { type: argon2.argon2id });
        await manager.save(existing);
        await this.audit.record(manager, { actor: null, action: 'user.admin-reset', objectType: 'user', objectId: existing.id });
        return { user: existing, created: false };
      }
      const user = await this.create(manager, { email, password, name, role: 'admin', partyId: null });
      await this.audit.record(manager, { actor: null, action: 'user.admin-created', objectType: 'user', objectId: user.id });
      return { user, created: true };
    });
  }
}
