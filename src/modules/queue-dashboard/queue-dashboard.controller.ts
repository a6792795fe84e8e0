import { Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Public } from '../../common/auth/public.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { DASHBOARD_COOKIE, DASHBOARD_SESSION_SECONDS } from './dashboard-session';
import { QueueDashboardAccess } from './queue-dashboard-access.service';
import { ApiStandardErrors } from '../../common/openapi/api-responses';

export const DASHBOARD_PATH = '/admin/queues';

export class DashboardSessionDto {
  @ApiProperty({ example: '/admin/queues', description: 'Open this page in the same browser' }) dashboard!: string;
  @ApiProperty({ example: '2026-11-25T17:30:00.000Z' }) expiresAt!: string;
}

@ApiStandardErrors()
@ApiTags('admin')
@Controller('admin/queues/session')
export class QueueDashboardController {
  constructor(private readonly access: QueueDashboardAccess) {}

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Open a 30-minute browser session for the queue dashboard at /admin/queues',
    description:
      'Sets an HttpOnly, SameSite=Strict cookie limited to /admin/queues (Secure in production). From Swagger UI: authorize with an admin token, call this, then open /admin/queues. Scripts may instead send the admin bearer token to /admin/queues directly.',
  })
  @ApiCreatedResponse({ type: DashboardSessionDto })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  open(@CurrentUser() admin: AuthenticatedUser, @Res({ passthrough: true }) res: Response): DashboardSessionDto {
    const session = this.access.openSession(admin.userId);
    res.cookie(DASHBOARD_COOKIE, session.value, {
      httpOnly: true,
      sameSite: 'strict', // the dashboard can retry and remove jobs: no request from another site may carry the cookie
      secure: this.access.secureCookies,
      path: DASHBOARD_PATH,
      maxAge: DASHBOARD_SESSION_SECONDS * 1000,
    });
    return { dashboard: DASHBOARD_PATH, expiresAt: session.expiresAt.toISOString() };
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Close the queue dashboard session (clears the cookie)' })
  @ApiNoContentResponse()
  close(@Res({ passthrough: true }) res: Response): void {
    res.clearCookie(DASHBOARD_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.access.secureCookies, path: DASHBOARD_PATH });
  }
}
