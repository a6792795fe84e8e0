import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseEnv } from '../config/env.schema';
import { buildDataSourceOptions } from './database-options';

/** For the TypeORM CLI (npm run migration:*); the app builds its own from AppConfig. */
export default new DataSource(buildDataSourceOptions(parseEnv(process.env).DATABASE_URL));
