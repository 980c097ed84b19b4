import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { resolveCaller } from '../../shared/auth/resolve-caller';

/**
 * Lambda authorizer for routes that take a member's token or an API key. It always authorizes and passes the
 * resolved identity (or `principal: none` with the credential problem) as context: the route's handler then answers
 * 401 with the contract's error body naming the problem, which an HTTP API authorizer denial (a bare 403
 * `{"message":"Forbidden"}`) cannot carry. Junk values are judged by their shape alone (no table read, no JWKS fetch).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>> => {
  const authorization = event.headers?.authorization ?? event.headers?.Authorization ?? event.identitySource?.[0];
  const caller = await resolveCaller(authorization);
  return { isAuthorized: true, context: Object.fromEntries(Object.entries(caller).filter(([, v]) => v !== undefined)) as Record<string, string> };
};
