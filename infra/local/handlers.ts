import path from 'node:path';
import { maybeFail } from './faults';
import { REPO_ROOT } from './state';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = (event: any, context: any) => Promise<any>;
const loaded = new Map<string, AnyHandler>();

/** Invocations and handler time per function since start (or the last reset): what Lambda would bill. */
export const invocationMeter = new Map<string, { count: number; totalMs: number }>();

/** Loads `functions/<name>/handler.ts` once, like a warm Lambda container (the first call is its cold start). */
export function loadHandler(name: string): AnyHandler {
  let handler = loaded.get(name);
  if (!handler) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(REPO_ROOT, 'functions', name, 'handler.ts')) as { handler?: AnyHandler };
    const fn = mod.handler;
    if (typeof fn !== 'function') throw new Error(`functions/${name}/handler.ts exports no handler`);
    handler = async (event, context) => {
      const started = performance.now();
      try {
        maybeFail(name, 'before');
        const result = await fn(event, context);
        maybeFail(name, 'after');
        return result;
      } finally {
        const meter = invocationMeter.get(name) ?? { count: 0, totalMs: 0 };
        meter.count++;
        meter.totalMs += performance.now() - started;
        invocationMeter.set(name, meter);
      }
    };
    loaded.set(name, handler);
  }
  return handler;
}
