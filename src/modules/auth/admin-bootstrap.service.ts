import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { UsersService } from './users.service';

/** Makes sure the admin named by ADMIN_EMAIL / ADMIN_PASSWORD exists when the API starts. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const { created } = await this.users.ensureAdmin(admin.email, admin.password);
    this.logger.log(`admin ${admin.email} ${created ? 'created' : 'present'}`);
  }
}
