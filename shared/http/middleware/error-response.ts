import type middy from '@middy/core';
import { AppError } from '../../errors';
import { logger } from '../../logger';
import { jsonResponse } from '../response';
import type { ApiEvent, ApiResult } from '../types';

/** The one place a thrown error becomes the contract's error body. Unknown errors are logged and answered as `internal`. */
export function errorResponse(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      const requestId = request.event.requestContext?.requestId ?? 'unknown';
      if (error instanceof AppError) {
        if (error.statusCode >= 500) logger.error('request failed', { error });
        request.response = jsonResponse(error.statusCode, errorBody(error, requestId), error.headers);
        return;
      }
      logger.error('unexpected error', { error: error as Error });
      request.response = jsonResponse(500, errorBody(undefined, requestId));
    },
  };
}

/** The contract's error body (CONTRACT §1) for a domain error; anything else (`undefined`) is `internal`, saying nothing more. */
export function errorBody(error: Pick<AppError, 'code' | 'message' | 'details'> | undefined, requestId: string) {
  if (!error) return { error: { code: 'internal', message: 'Something went wrong on our side', requestId } };
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId } };
}
