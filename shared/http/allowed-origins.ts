import { z } from 'zod';
import { readConfig } from '../config';
import { originAllowed } from './origin-patterns';

const { ALLOWED_ORIGINS } = readConfig({ ALLOWED_ORIGINS: z.string().min(1) });

/** The stage's allowed browser origins (stage config `allowedOrigins`); `scheme://host:*` allows any port of that host. */
const patterns = ALLOWED_ORIGINS.split(',').map((entry) => entry.trim()).filter(Boolean);

/** True when `origin` (`scheme://host[:port]`, as a browser sends it) is one of the stage's allowed origins. */
export function isAllowedOrigin(origin: string): boolean {
  return originAllowed(patterns, origin);
}

/** True when `target` is an absolute http(s) URL on an allowed origin: where checkout and portal may send a person back. */
export function isAllowedRedirect(target: string): boolean {
  try {
    return isAllowedOrigin(new URL(target).origin);
  } catch {
    return false;
  }
}
