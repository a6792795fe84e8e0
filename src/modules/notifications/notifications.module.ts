import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** `NotificationsService.notifyParties` for any module, in the API and in the worker. */
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
