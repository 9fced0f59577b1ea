export * from './data-source.options';
export * from './database.module';
export * from './embedded-postgres';
export * from './entities';
export * from './migrate';
export * from './naming.strategy';
export * from './numeric.transformer';
export * from './database-url';
