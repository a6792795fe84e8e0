import { Controller, Get, Headers, Res, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../../common/auth/public.decorator';
import { AppConfig } from '../../config/app-config.service';
import { ApiMetricsService } from './api-metrics.service';
import { metricsAuthorized } from './metrics-token';
import { ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetricsService,
    private readonly config: AppConfig,
  ) {}

  // Public to the JWT guard: Prometheus holds no user account, only the METRICS_TOKEN when one is set.
  @Public()
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: HTTP durations by route and status, queue depths by state, matches by status, outbox backlog',
    description: 'With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`. Job durations are on each worker’s WORKER_METRICS_PORT.',
  })
  @ApiBearerAuth() // the METRICS_TOKEN travels as a bearer token
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the bearer token is missing or wrong' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!metricsAuthorized(authorization, this.config.metrics.token)) throw new UnauthorizedException('metrics need the bearer METRICS_TOKEN');
    const body = await this.metrics.render();
    // Set here rather than by decorator, so that a 401 keeps the JSON error body.
    res.set({ 'Content-Type': this.metrics.registry.contentType, 'Cache-Control': 'no-store' });
    return body;
  }
}
