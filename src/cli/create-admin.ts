import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AuditModule } from '../modules/audit/audit.module';
import { UsersService } from '../modules/auth/users.service';

@Module({
  imports: [ConfigModule, DatabaseModule.forRoot({ migrate: true }), AuditModule],
  providers: [UsersService],
})
class CreateAdminModule {}

/** `npm run admin:create -- --email admin@example.org --password '…' [--name '…']` */
async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.password || values.password.length < 10) {
    console.error("usage: npm run admin:create -- --email <email> --password <at least 10 characters> [--name <name>]");
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error', 'warn'] });
  try {
    const { user, created } = await app.get(UsersService).ensureAdmin(values.email, values.password, values.name);
    console.log(`${created ? 'created' : 'updated'} admin ${user.email} (${user.id})`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(`admin:create failed: ${(error as Error).message}`);
  process.exit(1);
});
