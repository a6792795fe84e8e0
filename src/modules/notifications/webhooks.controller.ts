import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { SetWebhookDto, WebhookResponseDto } from './webhook.dto';
import { WebhooksService } from './webhooks.service';
import { ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('parties/:id/webhook')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Put()
  @ApiOperation({ summary: "Set your party's webhook: every notification is POSTed there, signed with HMAC-SHA256" })
  @ApiOkResponse({ type: WebhookResponseDto })
  set(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) partyId: string, @Body() dto: SetWebhookDto): Promise<WebhookResponseDto> {
    return this.webhooks.set(user, partyId, dto);
  }

  @Get()
  @ApiOperation({ summary: "Your party's webhook and its latest deliveries (the secret is never shown again)" })
  @ApiOkResponse({ type: WebhookResponseDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) partyId: string): Promise<WebhookResponseDto> {
    return this.webhooks.get(user, partyId);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Remove your party's webhook; notices stay in GET /notifications" })
  @ApiNoContentResponse({ description: 'Removed (or there was none)' })
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) partyId: string): Promise<void> {
    return this.webhooks.remove(user, partyId);
  }
}
