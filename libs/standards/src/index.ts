// The file format of workload standards and development targets, shared by the API (upload,
// templates, exports) and the worker (validation): columns and aliases, layouts, row rules.
export * from './standards-columns';
export * from './standards-rows';
export * from './standards-file.reader';
export * from './standards-export';
export * from './standards-set.rules';
