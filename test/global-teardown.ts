export default async function globalTeardown(): Promise<void> {
  await globalThis.__FORMASI_E2E_PG__?.stop();
}
