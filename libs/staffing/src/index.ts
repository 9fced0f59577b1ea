// The roster file format shared by the API (upload, template) and the worker (validation):
// the documented columns with their aliases, the streaming CSV/XLSX reader, upload storage.
export * from './csv-records';
export * from './roster-file.reader';
export * from './staffing-columns';
export * from './byte-keys';
export * from './roster-upload';
export * from './spreadsheet-cell';
export * from './xlsx-archive.guard';
export * from './xlsx-sheets';
