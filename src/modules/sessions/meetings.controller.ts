import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { MeetingsService } from './meetings.service';
import { CancelMeetingDto, RecordOutcomeDto } from './sessions.dto';
import { OutcomeResponseDto } from './sessions-response.dto';
import { ApiErrorResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record (or change) your side’s outcome of a meeting that has taken place' })
  @ApiOkResponse({ type: OutcomeResponseDto })
  @ApiErrorResponse(409)
  outcome(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordOutcomeDto): Promise<OutcomeResponseDto> {
    return this.meetings.recordOutcome(user, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel one of your confirmed meetings before it starts (audited)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['id', 'status', 'cancelledAt'],
      properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['cancelled'] }, cancelledAt: { type: 'string', format: 'date-time' } },
    },
  })
  @ApiErrorResponse(409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelMeetingDto) {
    return this.meetings.cancel(user, id, dto);
  }
}
