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
  return authorizeFor(route, identity, event.pathParameters?.orgId ?? '');
}

/** The route-table entry of `METHOD /path`; throws when the table has none (a typo must fail at load, not serve). */
export function routeByKey(key: string): RouteDef {
  const route = byRouteKey.get(key);
  if (!route) throw new Error(`the route table has no route ${key}`);
  return route;
}

/**
 * The rules of a route (its entry, or its key `GET /v1/orgs/{orgId}/subscription`) for a caller who reaches the same
 * action another way (an RPC method or an MCP tool and its REST twin): the same scope, role and org checks, `orgId`
 * standing in for the path's. A key on a token-only route is refused (403) here, where on the route itself API
 * Gateway's JWT authorizer refuses it (401).
 */
export async function authorizeAs(twin: RouteDef | string, identity: Identity, orgId = ''): Promise<OrgAccess | undefined> {
  const route = typeof twin === 'string' ? routeByKey(twin) : twin;
  if (route.auth === 'jwt' && identity.kind === 'key') throw new ForbiddenError("This needs a signed-in user's access token; API keys are not accepted here");
  return authorizeFor(route, identity, orgId);
}

async function authorizeFor(route: RouteDef, identity: Identity, orgId: string): Promise<OrgAccess | undefined> {
  if (route.auth === 'none') return undefined;
  if (identity.kind === 'anonymous') throw credentialError(identity.problem);
  if (identity.kind === 'key' && !route.scopes?.some((scope) => identity.scopes.includes(scope))) {
    throw new ForbiddenError(`This API key lacks the scope this route needs (${(route.scopes ?? []).join(' or ') || 'none accepted'})`);
  }
  if (route.platform && !(identity.kind === 'key' && identity.orgId === null)) throw new ForbiddenError('Only the platform service key may call this route');
  if (!route.path.includes('{orgId}')) return undefined;
  // Loaded on the first org-scoped request only, so public routes and unit tests of the HTTP plumbing need no table.
  const { authorizeOrg } = await import('../identity/authorize-org');
  return authorizeOrg(identity, orgId, route.role ?? 'member');
}
