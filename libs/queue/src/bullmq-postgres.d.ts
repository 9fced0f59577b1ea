// bullmq ships no typings under dist/cjs; the ESM build's types describe the same module.
declare module 'bullmq/dist/cjs/postgres' {
  export { createPostgresBackend } from 'bullmq/dist/esm/postgres';
}
