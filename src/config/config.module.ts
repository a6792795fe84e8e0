import { Global, Module } from '@nestjs/common';
import { AppConfig, ENV } from './app-config.service';
import { parseEnv } from './env.schema';

@Global()
@Module({
  providers: [{ provide: ENV, useFactory: () => parseEnv(process.env) }, AppConfig],
  exports: [AppConfig],
})
export class ConfigModule {}
