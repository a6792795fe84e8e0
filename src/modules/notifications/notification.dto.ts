import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { NOTIFICATION_KINDS } from './notification-kinds';
import { Notification } from './notification.entity';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only notices not yet marked read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids to link the notice: matchId, listingId, meetingId...' }) data!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty() createdAt!: string;

  static from(notification: Notification): NotificationResponseDto {
    return {
      id: notification.id,
      kind: notification.kind,
      title: notification.title,
      data: notification.data,
      readAt: notification.readAt ? notification.readAt.toISOString() : null,
      createdAt: notification.createdAt.toISOString(),
    };
  }
}
