export default async function globalTeardown() {
  const pg = globalThis.__FORMASI_E2E_PG__;
  if (pg) await pg.stop();
}
