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
      properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: 'string', nullable: true } },
    },
  })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
