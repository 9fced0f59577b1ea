/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** node-postgres says so in words when the server closes the socket mid-session. */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Client was closed)/;

/**
 * True when an error says PostgreSQL could not be reached or is restarting — the work itself may
 * be fine and should run again once the server is back — rather than that the work went wrong.
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down by an administrator, crash
 * of another backend, server starting up); TypeORM keeps the driver's error in `driverError`.
 */
export function isDatabaseOutage(e: unknown): boolean {
  // duck-typed: errors of Node's sockets may come from another realm than this module's Error
  if (typeof e !== 'object' || e === null) return false;
  const { driverError, code, message } = e as { driverError?: unknown; code?: unknown; message?: unknown };
  if (driverError !== undefined && driverError !== e && isDatabaseOutage(driverError)) return true;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)))
    return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
