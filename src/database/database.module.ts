import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.service';
import { buildDataSourceOptions } from './database-options';
import { ensureDatabaseExists } from './ensure-database';
import { runMigrationsUnderLock } from './run-migrations';

export interface DatabaseModuleOptions {
  /** The API migrates at start (unless MIGRATIONS_RUN=off); the worker never does. */
  migrate: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions) {
    let migrateAtStart = false;
    return TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        if (config.database.createIfMissing) await ensureDatabaseExists(config.database.url);
        migrateAtStart = options.migrate && config.database.migrationsRun;
        return buildDataSourceOptions(config.database.url, config.database.poolSize);
      },
      dataSourceFactory: async (dataSourceOptions) => {
        const dataSource = await new DataSource(dataSourceOptions!).initialize();
        if (migrateAtStart) await runMigrationsUnderLock(dataSource);
        return dataSource;
      },
    });
  }
}
