import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The project root, from src/database in ts-node or dist/src/database after the build. */
const ROOT = join(__dirname, '..', '..');
const IS_COMPILED = __filename.endsWith('.js');

/** One definition of the connection, shared by the app, the worker, the TypeORM CLI and the tests. */
export function buildDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  const ext = IS_COMPILED ? 'js' : 'ts';
  return {
    type: 'postgres',
    uuidExtension: 'pgcrypto',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [join(ROOT, 'src', '**', `*.entity.${ext}`)],
    migrations: [join(ROOT, 'migrations', `*.${ext}`)],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}
