/**
 * The one rule for allowed browser origins, without reading any setting: `patterns` are the stage's `allowedOrigins`
 * (`scheme://host[:port]`, or `scheme://host:*` for any port of that host). The API (allowed-origins.ts) and the stage
 * config check at synth (SSO callback URLs) both use it.
 */
export function originAllowed(patterns: readonly string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // a path, credentials or a trailing slash is not an origin
  return patterns.some((pattern) => {
    if (!pattern.endsWith(':*')) return pattern === origin;
    const base = new URL(pattern.slice(0, -2));
    return url.protocol === base.protocol && url.hostname === base.hostname;
  });
}
