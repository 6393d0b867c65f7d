import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { PROJECT_ROOT } from '../config';

/** Where scripts/build-explorer.mjs writes the explorer (by `npm run build` and `npm install`). */
export const EXPLORER_DIR = path.join(PROJECT_ROOT, 'dist', 'explorer');

/**
 * Everything the page loads comes from this server: scripts, styles, fonts and Monaco's workers
 * from /explorer/, data from /graphql and /reports/. The browser enforces it (no request can leave
 * the machine even if a library tried); Monaco sets inline styles, hence 'unsafe-inline' for styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.ttf': 'font/ttf',
};

/** A browser asking for a page (not a GraphQL client doing a GET): it prefers HTML and sends no operation. */
export function wantsExplorerPage(req: Request): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    req.query.query === undefined &&
    req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
  );
}

/**
 * The analysts' explorer (GraphiQL), in every environment: `GET /graphql` from a browser answers
 * the page, `/` redirects to it, `/explorer/*` serves its built files (gzipped when accepted).
 * Mounted before the GraphQL middleware, so operations are not affected.
 */
export function explorerRoutes(dir: string = EXPLORER_DIR): express.Router {
  const router = express.Router();
  const sendFile = (res: Response, req: Request, file: string, cacheControl: string) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      res.status(file === 'index.html' ? 503 : 404).type('text/plain').send(
        file === 'index.html' ? 'The explorer is not built: run `npm run build` (or `npm install`), then restart.\n' : 'Not found\n',
      );
      return;
    }
    const gzipped = req.acceptsEncodings('gzip') === 'gzip' && existsSync(`${full}.gz`);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    if (gzipped) res.setHeader('Content-Encoding', 'gzip');
    res.sendFile(gzipped ? `${full}.gz` : full);
  };

  router.get('/', (_req, res) => res.redirect(302, '/graphql'));
  // Browsers ask for it on every page: an empty answer rather than a 404 in the console.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/graphql', (req, res, next) => {
    if (!wantsExplorerPage(req)) return next();
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    sendFile(res, req, 'index.html', 'no-cache');
  });
  router.get('/explorer/:file', (req, res) => {
    const file = req.params.file;
    if (!/^[\w.-]+\.(js|css|ttf)$/.test(file)) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    // explorer.js and .css are linked with ?v=<content hash>: cached for good; the workers and fonts are revalidated.
    sendFile(res, req, file, req.query.v ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  return router;
}
