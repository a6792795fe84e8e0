import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config.service';
import { AuditModule } from '../audit/audit.module';
import { PartiesModule } from '../parties/parties.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { rateLimits } from '../../common/rate-limits/rate-limits';
import { RolesGuard } from './roles.guard';
import { UsersService } from './users.service';

@Module({
  imports: [
    AuditModule,
    PartiesModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key on every sign and verify (a thrown error each time, a tenth of a light request's CPU).
        const key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } };
      },
    }),
    ThrottlerModule.forRootAsync({ inject: [AppConfig], useFactory: rateLimits }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    UsersService,
    AdminBootstrapService,
    // Order matters: authenticate first, then check the role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
