import type middy from '@middy/core';
import { logger } from '../../logger';
import type { ApiEvent, ApiResult } from '../types';

/** Puts the API Gateway request id on every log line and on every response as `x-request-id`. */
export function requestId(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  const stamp = (request: middy.Request<ApiEvent, ApiResult>) => {
    if (!request.response) return;
    request.response.headers = { ...request.response.headers, 'x-request-id': request.event.requestContext.requestId };
  };
  return {
    before: async (request) => {
      logger.appendKeys({ requestId: request.event.requestContext.requestId, route: request.event.routeKey });
    },
    after: async (request) => stamp(request),
    onError: async (request) => stamp(request),
  };
}
