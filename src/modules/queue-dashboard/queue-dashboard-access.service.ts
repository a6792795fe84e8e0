import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.service';
import type { AccessTokenClaims } from '../auth/auth.service';
import { DASHBOARD_COOKIE, DASHBOARD_SESSION_SECONDS, dashboardSessionKey, readCookie, signDashboardSession, verifyDashboardSession } from './dashboard-session';

export type DashboardAccess = { allowed: true; userId: string } | { allowed: false; status: 401 | 403; message: string };

/** Who may see /admin/queues: an admin's bearer access token (scripts), or the session cookie an admin obtained (browsers). */
@Injectable()
export class QueueDashboardAccess {
  private readonly key: Buffer;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = dashboardSessionKey(config.auth.jwtSecret);
  }

  openSession(userId: string, now = Date.now()): { value: string; expiresAt: Date } {
    const expiresAt = now + DASHBOARD_SESSION_SECONDS * 1000;
    return { value: signDashboardSession(userId, expiresAt, this.key), expiresAt: new Date(expiresAt) };
  }

  check(req: Pick<Request, 'headers'>): DashboardAccess {
    const header = req.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) return { allowed: false, status: 401, message: 'an access token is required (Authorization: Bearer <token>)' };
      let claims: AccessTokenClaims;
      try {
        claims = this.jwt.verify<AccessTokenClaims>(token);
      } catch {
        return { allowed: false, status: 401, message: 'the access token is not valid or has expired; log in again' };
      }
      return claims.role === 'admin' ? { allowed: true, userId: claims.sub } : { allowed: false, status: 403, message: 'the queue dashboard is for admins' };
    }
    const session = verifyDashboardSession(readCookie(req.headers.cookie, DASHBOARD_COOKIE), Date.now(), this.key);
    if (session) return { allowed: true, userId: session.userId };
    return {
      allowed: false,
      status: 401,
      message: 'the queue dashboard needs an admin: POST /api/v1/admin/queues/session with your admin token opens a 30-minute browser session',
    };
  }

  get secureCookies(): boolean {
    return this.config.nodeEnv === 'production';
  }
}
