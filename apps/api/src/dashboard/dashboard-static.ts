import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DASHBOARD_PATH = '/dashboard';

/** dist/dashboard of the project this file belongs to, from the sources or from their build. */
export function dashboardDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'dashboard');
}

/**
 * The dashboard is static files (apps/dashboard, built by `npm run build:dashboard`) that read
 * everything through /graphql with the signed-in user's token; the server only hands them out.
 */
export function serveDashboard(app: NestExpressApplication, dir = dashboardDir()): void {
  const files = express.static(dir, { index: 'index.html', fallthrough: true, maxAge: '1h', setHeaders: noCacheForIndex });
  const notBuilt: RequestHandler = (_req, res) => {
    res.status(404).type('text/plain').send('The dashboard is not built: run `npm run build:dashboard` (part of `npm run build`).\n');
  };
  app.use(DASHBOARD_PATH, (req: express.Request, res: express.Response, next: express.NextFunction) => {
    // /dashboard → /dashboard/ so the page's relative asset paths resolve
    if (req.originalUrl === DASHBOARD_PATH) return res.redirect(301, `${DASHBOARD_PATH}/`);
    if (!existsSync(join(dir, 'index.html'))) return notBuilt(req, res, next);
    return files(req, res, next);
  });
}

// assets have content hashes in their names; the page itself must always be fresh
function noCacheForIndex(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
