import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { readBearer, type CredentialProblem } from '../../shared/auth/credential-problem';
import { tokenProblem, verifyAccessToken } from '../../shared/auth/verify-access-token';
import type { AuthorizerContext, ApiEvent } from '../../shared/http/types';
import { stageConfig } from '../config/stages';
import type { RouteDef } from '../routes';
import { loadHandler } from './handlers';
import { lambdaContext } from './lambda-context';

/** Scope the API's JWT routes require; Cognito access tokens carry it, ID tokens carry no scope at all. */
export const JWT_ROUTE_SCOPE = 'aws.cognito.signin.user.admin';

/** The request never reaches the route: the runner answers the contract's 401 naming `problem`. */
export class AuthorizerDenied extends Error {
  constructor(readonly problem: CredentialProblem) {
    super(`authorizer denied: ${problem}`);
  }
}

/**
 * Emulates the HTTP API's native JWT authorizer: a valid access token from the pool for our client with the route
 * scope, or the request never reaches the Lambda.
 */
export async function jwtAuthorizer(authorization: string | undefined): Promise<AuthorizerContext> {
  const credential = readBearer(authorization);
  if (credential.kind === 'problem') throw new AuthorizerDenied(credential.problem);
  // Never looked up: a key on a user-only route is refused the same whether or not it exists.
  if (credential.kind === 'key') throw new AuthorizerDenied('key_not_accepted');
  const claims = await verifyAccessToken(credential.token).catch((error: unknown) => {
    throw new AuthorizerDenied(tokenProblem(error));
  });
  const scopes = claims.scope.split(' ').filter(Boolean);
  if (!scopes.includes(JWT_ROUTE_SCOPE)) throw new AuthorizerDenied('invalid_token');
  // API Gateway hands every claim to the route as a string; these are the ones Argus reads.
  const session = { ...(claims.originJti ? { origin_jti: claims.originJti } : {}), ...(claims.authTime ? { auth_time: String(claims.authTime) } : {}) };
  return { jwt: { claims: { sub: claims.sub, username: claims.username, token_use: 'access', scope: claims.scope, ...session }, scopes } };
}

type SimpleResult = APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;
const cache = new Map<string, { result: SimpleResult; until: number }>();
const ttlMs = stageConfig('local').authorizerCacheSeconds * 1000;

/** Invokes the Lambda authorizer the way API Gateway does, caching its answer per identity source for the stage's TTL. */
export async function lambdaAuthorizer(event: ApiEvent, route: RouteDef): Promise<AuthorizerContext> {
  const identity = event.headers.authorization;
  // API Gateway answers a request without the identity source itself, never invoking the authorizer.
  if (!identity) throw new AuthorizerDenied('missing');
  const cached = cache.get(identity);
  let result = cached && cached.until > Date.now() ? cached.result : undefined;
  if (!result) {
    const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${route.method}${route.path}`,
      identitySource: [identity],
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      cookies: [],
      headers: event.headers as Record<string, string>,
      queryStringParameters: event.queryStringParameters as Record<string, string>,
      requestContext: event.requestContext,
      pathParameters: event.pathParameters as Record<string, string>,
      stageVariables: {},
    };
    result = (await loadHandler('authorizer')(authorizerEvent, lambdaContext('authorizer'))) as SimpleResult;
    if (ttlMs > 0) {
      // Expired answers are dropped as new ones arrive, so the cache holds only live credentials, as API Gateway's does.
      const now = Date.now();
      for (const [key, entry] of cache) if (entry.until <= now) cache.delete(key);
      cache.set(identity, { result, until: now + ttlMs });
    }
  }
  if (!result.isAuthorized) throw new AuthorizerDenied('invalid_token');
  return { lambda: result.context };
}
