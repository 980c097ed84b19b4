/**
 * How the console is served, in one place for both servers: the local stack (infra/local/console-server.ts) and
 * CloudFront (infra/constructs/console-site.ts). What the app reads at start: `config.json` beside index.html.
 */

/** What the console reads from `./config.json` at start. */
export interface ConsoleConfig {
  apiUrl: string;
  region: string;
  userPoolClientId: string;
  stage: string;
}

/**
 * SPA fallback: a path whose last segment has no file extension is one of the app's own routes (a deep link) and gets
 * index.html; a missing file (`/assets/x.js`, `/favicon.ico`) stays a 404 so a broken asset never loads as HTML.
 */
export const SPA_ROUTE = /\/[^/.]*$/;

/** Vite puts content-hashed files in `assets/`: cached for a year, never revalidated. Everything else: revalidate. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';
export const HASHED_ASSETS_DIR = 'assets/';

/**
 * The Content-Security-Policy: scripts, styles, fonts and images from the console's own origin only (inline styles
 * allowed: React and uPlot set style attributes; no inline or eval'd script), API calls to the console's origin and
 * `connectOrigins`, nothing may frame it, forms post nowhere else, no plugins.
 */
export function consoleCsp(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Security headers every console response carries (HSTS only where it is served over HTTPS, i.e. CloudFront). */
export function consoleSecurityHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(connectOrigins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
}
