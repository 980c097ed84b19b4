import path from 'node:path';
import { REPO_ROOT } from './state';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = (event: any, context: any) => Promise<any>;
const loaded = new Map<string, AnyHandler>();

/** Loads `functions/<name>/handler.ts` once, like a warm Lambda container (the first call is its cold start). */
export function loadHandler(name: string): AnyHandler {
  let handler = loaded.get(name);
  if (!handler) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(REPO_ROOT, 'functions', name, 'handler.ts')) as { handler?: AnyHandler };
    if (typeof mod.handler !== 'function') throw new Error(`functions/${name}/handler.ts exports no handler`);
    handler = mod.handler;
    loaded.set(name, handler);
  }
  return handler;
}
