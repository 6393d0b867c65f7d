import cors from 'cors';
import type { RequestHandler } from 'express';
import type { AppConfig } from '../config';

const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * CORS for browser apps on other origins (`CORS_ORIGINS`; any localhost origin by default outside
 * production, none in production). Credentials travel in the Authorization header only: no
 * cookies are used, so `Access-Control-Allow-Credentials` is never sent. A refused origin gets no
 * CORS headers (its browser then refuses the answer) and a refused preflight answers 403.
 */
export function corsMiddleware(allowed: AppConfig['corsOrigins']): RequestHandler {
  const isAllowed = (origin: string) => (allowed === 'localhost' ? LOCALHOST_ORIGIN.test(origin) : allowed.includes(origin));
  const withHeaders = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowed(origin)),
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Content-Disposition'],
    maxAge: 600,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] && !isAllowed(origin)) {
      res.status(403).type('text/plain').send('This origin may not call the API (CORS_ORIGINS)\n');
      return;
    }
    withHeaders(req, res, next);
  };
}
