import middy from '@middy/core';
import { cors } from '../../shared/http/cors';
import { errorResponse } from '../../shared/http/middleware/error-response';
import { requestId } from '../../shared/http/middleware/request-id';
import { answerUnmatched } from '../../shared/http/unmatched-route';
import type { ApiEvent } from '../../shared/http/types';

/** The HTTP API's `$default` route (no authorizer): preflights, 405 with `Allow`, 404, in the contract's shapes. */
export const handler = middy(async (event: ApiEvent) => answerUnmatched(event))
  .use(requestId())
  .use(cors())
  .use(errorResponse());
