import { AppError } from '../errors';
import { errorBody } from '../http/middleware/error-response';
import { logger } from '../logger';
import { argumentDetails } from './tool';

export type ContractErrorBody = ReturnType<typeof errorBody>;

/**
 * What REST would answer with an error status, as the contract's error body (CONTRACT §6: a tool refusal carries it);
 * field names in `details` become the tool's argument names. Anything that is not a domain error is logged and
 * answered as `internal`, saying nothing more (no SDK messages or table names reach a model either).
 */
export function refusalBody(error: unknown, requestId: string): ContractErrorBody {
  if (error instanceof AppError) {
    if (error.statusCode >= 500) logger.error('mcp: request failed', { error });
    return errorBody({ code: error.code, message: error.message, details: argumentDetails(error.details) }, requestId);
  }
  logger.error('mcp: unexpected error', { error: error as Error });
  return errorBody(undefined, requestId);
}
