// DataSource for the TypeORM CLI, e.g.
//   DATABASE_URL=postgres://… npx typeorm -d dist/libs/database/src/data-source.js migration:run
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required for the migration CLI');

export default new DataSource(dataSourceOptions(url));
