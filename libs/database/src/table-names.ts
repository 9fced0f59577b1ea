/**
 * An id's 32 hex digits, for the name of a table of its own (a roster version's rows, an
 * import's staged rows, a plan run's results): only hex digits ever reach the SQL.
 */
export function idHex(id: string, what: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a ${what}: ${id}`);
  return hex;
}
