import type { Core } from './core';
import type { Params } from './params';
import type { Obj } from './store';

export interface ApiContext {
  core: Core;
  params: Params;
  path: Record<string, string>;
}

export type Handler = (ctx: ApiContext) => Obj;

interface Route<H> {
  method: string;
  regex: RegExp;
  keys: string[];
  handler: H;
}

/** Minimal method + path router; `:name` segments are captured into `ctx.path`. */
export class Router<H = Handler> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) => {
        if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(seg.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  match(method: string, pathname: string): { handler: H; path: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(pathname);
      if (!m) continue;
      const path: Record<string, string> = {};
      r.keys.forEach((k, i) => (path[k] = decodeURIComponent(m[i + 1])));
      return { handler: r.handler, path };
    }
    return undefined;
  }

  /** True when the path exists for some other method (Stripe still answers 404 "Unrecognized request URL"). */
  knows(pathname: string): boolean {
    return this.routes.some((r) => r.regex.test(pathname));
  }
}
