import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/roles.decorator';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';
import { ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by object' })
  @ApiOkResponse({
    description: 'One page of audit entries; nextCursor is null on the last',
    schema: {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'actorId', 'actorRole', 'action', 'objectType', 'objectId', 'summary', 'requestId', 'createdAt'],
            properties: {
              id: { type: 'string', format: 'uuid' },
              actorId: { type: 'string', format: 'uuid', nullable: true },
              actorRole: { type: 'string', example: 'admin' },
              action: { type: 'string', example: 'listing.published' },
              objectType: { type: 'string', example: 'listing' },
              objectId: { type: 'string', format: 'uuid' },
              summary: { type: 'object', additionalProperties: true },
              requestId: { type: 'string', nullable: true },
              createdAt: { type: 'string', format: 'date-time' },
            },
          },
        },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
