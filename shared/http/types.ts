import type { APIGatewayEventRequestContextV2, APIGatewayProxyEventV2WithRequestContext, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** What API Gateway (HTTP API, payload 2.0) passes to a route's Lambda, whichever authorizer ran. */
export interface AuthorizerContext {
  jwt?: { claims: Record<string, string | number | boolean | string[]>; scopes: string[] | null };
  lambda?: Record<string, string | number | boolean>;
}
export type ApiEvent = APIGatewayProxyEventV2WithRequestContext<APIGatewayEventRequestContextV2 & { authorizer?: AuthorizerContext }>;
export type ApiResult = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };
export type { Context };

/** What a route handler returns; status defaults to 200, a missing body means an empty response. */
export interface HttpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}
