import { INestApplication } from '@nestjs/common';
import { RequestHandler } from 'express';
import helmet from 'helmet';
import { AppConfig } from '@formasi/config';

// What the embedded Apollo Sandbox page loads (scripts, frame, fonts) from Apollo's CDN
const SANDBOX_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'", 'https://embeddable-sandbox.cdn.apollographql.com'],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
  imgSrc: ["'self'", 'data:', 'https://apollo-server-landing-page.cdn.apollographql.com'],
  manifestSrc: ["'self'", 'https://apollo-server-landing-page.cdn.apollographql.com'],
  frameSrc: ["'self'", 'https://sandbox.embed.apollographql.com'],
  connectSrc: ["'self'", 'https://*.apollographql.com'],
};

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Security headers (helmet) and CORS from the configured allow-list. */
export function applyHttpSecurity(app: INestApplication, config: AppConfig): void {
  const strict = helmet();
  if (config.nodeEnv === 'production') {
    app.use(strict);
  } else {
    // the Sandbox is a browser page at GET /graphql; everything else keeps the strict policy
    const sandbox = helmet({ contentSecurityPolicy: { directives: SANDBOX_CSP }, crossOriginEmbedderPolicy: false });
    const choose: RequestHandler = (req, res, next) =>
      (req.method === 'GET' && req.path === '/graphql' && (req.headers.accept ?? '').includes('text/html') ? sandbox : strict)(
        req,
        res,
        next,
      );
    app.use(choose);
  }
  // GraphQL answers hold account and planning data: no cache on the way may keep them (Apollo's
  // cache-control plugin, which said so, is off: it wrapped every field's resolver for hints never used)
  app.use('/graphql', noStore);
  const origins = config.corsOrigins;
  // an empty list sends no CORS headers: browsers then allow same-origin requests only
  // browsers' scripts may read the request id, to quote it when reporting a problem
  app.enableCors({
    origin: origins === '*' ? true : origins.length > 0 ? origins : false,
    credentials: origins !== '*',
    exposedHeaders: ['X-Request-Id'],
  });
}
