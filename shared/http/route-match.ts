import { routes, type RouteDef } from '../../infra/routes';

/** A route-table entry compiled to a matcher for concrete paths. */
export interface CompiledRoute {
  def: RouteDef;
  routeKey: string;
  pattern: RegExp;
  params: string[];
}

export function compileRoute(def: RouteDef): CompiledRoute {
  const params: string[] = [];
  const source = def.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { def, routeKey: `${def.method} ${def.path}`, pattern: new RegExp(`^${source}$`), params };
}

const compiled = routes.map(compileRoute);

export type PathMatch = { route: CompiledRoute; match: RegExpExecArray } | { route: undefined; allowed: string[] };

/**
 * The route serving `method` on `path` (API Gateway's matching: literal segments, `{param}` one segment), else the
 * methods the path is served with (empty: an unknown path, 404; otherwise 405 with `Allow`).
 */
export function matchRoute(method: string, path: string): PathMatch {
  const onPath = compiled.filter((r) => r.pattern.test(path));
  const route = onPath.find((r) => r.def.method === method);
  if (route) return { route, match: route.pattern.exec(path)! };
  return { route: undefined, allowed: [...new Set(onPath.map((r) => r.def.method))].sort() };
}
