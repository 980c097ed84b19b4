import { routes, type RouteDef } from '../../infra/routes';
import type { Identity } from '../auth/identity';
import { credentialError } from '../auth/credential-problem';
import { ForbiddenError, NotFoundError } from '../errors';
import type { OrgAccess } from '../identity/authorize-org';
import type { ApiEvent } from './types';

const byRouteKey = new Map<string, RouteDef>(routes.map((r) => [`${r.method} ${r.path}`, r]));

/**
 * Authorization for every route, from its route-table entry (found by `event.routeKey`): an authenticated route
 * refuses an anonymous caller (401), a key without one of the route's scopes (403), and on `{orgId}` routes runs
 * the org check (non-member 404, role too low 403). Returns the caller's access to the path's org, if any.
 */
export async function authorizeRoute(event: ApiEvent, identity: Identity): Promise<OrgAccess | undefined> {
  const route = byRouteKey.get(event.routeKey);
  // Fail closed: a request for a route the table does not list is not served, whatever its authorizer said.
  if (!route) throw new NotFoundError();
  return authorizeAs(route, identity, event.pathParameters?.orgId);
}

/** The route-table entry of `METHOD /path`; throws when the table has none (a typo must fail at load, not serve). */
export function routeByKey(key: string): RouteDef {
  const route = byRouteKey.get(key);
  if (!route) throw new Error(`the route table has no route ${key}`);
  return route;
}

/**
 * The caller checks of one route, for its own requests and for whatever acts as its twin (the MCP tools): an
 * authenticated route refuses an anonymous caller (401) and a key without one of its scopes (403; a user-only route
 * accepts no key scope at all), and on `{orgId}` routes runs the org check on `orgId` (non-member 404, role too low 403).
 */
export async function authorizeAs(route: RouteDef, identity: Identity, orgId: string | undefined): Promise<OrgAccess | undefined> {
  if (route.auth === 'none') return undefined;
  if (identity.kind === 'anonymous') throw credentialError(identity.problem);
  if (identity.kind === 'key' && !route.scopes?.some((scope) => identity.scopes.includes(scope))) {
    throw new ForbiddenError(`This API key lacks the scope this route needs (${(route.scopes ?? []).join(' or ') || 'none accepted'})`);
  }
  if (!route.path.includes('{orgId}')) return undefined;
  // Loaded on the first org-scoped request only, so public routes and unit tests of the HTTP plumbing need no table.
  const { authorizeOrg } = await import('../identity/authorize-org');
  return authorizeOrg(identity, orgId ?? '', route.role ?? 'member');
}
