import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Page } from '../../common/pagination/page';
import { NotificationQueryDto, NotificationResponseDto } from './notification.dto';
import { NotificationsService } from './notifications.service';
import { ApiPageResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "Your party's notices, newest first; unread=true for the unread ones" })
  @ApiPageResponse(NotificationResponseDto)
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: NotificationQueryDto): Promise<Page<NotificationResponseDto>> {
    const page = await this.notifications.list(user, query);
    return { items: page.items.map(NotificationResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notice read (for every member of the party)' })
  @ApiOkResponse({ type: NotificationResponseDto })
  async markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<NotificationResponseDto> {
    return NotificationResponseDto.from(await this.notifications.markRead(user, id));
  }
}
