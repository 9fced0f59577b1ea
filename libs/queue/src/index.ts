export * from './queue-backend';
export * from './queue.constants';
export * from './queue.module';
export * from './staffing-import.constants';
export * from './standards-import.constants';
