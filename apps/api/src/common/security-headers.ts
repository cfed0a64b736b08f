import helmet from 'helmet';
import type { RequestHandler } from 'express';

const DOCS_PATH = '/api/docs';

// The portal loads only its own scripts and style sheets (templates/web/assets); no inline code,
// no framing by another site. No upgrade-insecure-requests: the platform is also served over
// plain http on 127.0.0.1, where it would break every asset.
const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const common = { referrerPolicy: { policy: 'same-origin' as const }, xFrameOptions: { action: 'deny' as const } };
const strict = helmet({ ...common, contentSecurityPolicy: { directives } });
// Swagger UI's page carries inline <style> blocks; the relaxation stays on its own path.
const docs = helmet({ ...common, contentSecurityPolicy: { directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] } } });

/** CSP, frame-ancestors 'none', nosniff, a referrer policy and the rest of helmet's defaults, on every answer. */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => (req.path.startsWith(DOCS_PATH) ? docs : strict)(req, res, next);
}

/** Swagger UI and the OpenAPI JSON: on outside production unless API_DOCS=off, off in production unless API_DOCS=on. */
export function apiDocsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.API_DOCS?.trim().toLowerCase();
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  if (setting) throw new Error(`invalid configuration:\n  API_DOCS: must be on or off, not ${env.API_DOCS}`);
  return env.NODE_ENV !== 'production';
}
