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
        request.response = jsonResponse(
          error.statusCode,
          { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId } },
          error.headers,
        );
        return;
      }
      logger.error('unexpected error', { error: error as Error });
      request.response = jsonResponse(500, { error: { code: 'internal', message: 'Something went wrong on our side', requestId } });
    },
  };
}
