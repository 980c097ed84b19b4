import { Code, ConnectError } from '@connectrpc/connect';
import { AppError } from '../errors';
import { logger } from '../logger';
import { ErrorInfoSchema } from './gen/argus/errors/v1/errors_pb';

/**
 * The contract's error codes (CONTRACT §1) as Connect codes (CONTRACT §9). `allowed: false` answers are ordinary
 * responses, never errors. Connect sends each code with its own HTTP status (invalid_argument 400, unauthenticated 401,
 * permission_denied 403, not_found 404, already_exists 409, failed_precondition 400, resource_exhausted 429, internal 500).
 */
export const CONNECT_CODES: Record<string, Code> = {
  validation_failed: Code.InvalidArgument,
  invalid_json: Code.InvalidArgument,
  invalid_signature: Code.InvalidArgument,
  unauthorized: Code.Unauthenticated,
  forbidden: Code.PermissionDenied,
  not_found: Code.NotFound,
  // An idempotency id reused with other content, a per-account limit, a paid subscription already active.
  conflict: Code.AlreadyExists,
  // The plan lacks the feature or a seat: the caller must change the org's state (upgrade) first.
  upgrade_required: Code.FailedPrecondition,
  // Both say "you sent too much": too many requests a minute, or a body over 256 KiB (Connect's own readMaxBytes code).
  payload_too_large: Code.ResourceExhausted,
  rate_limited: Code.ResourceExhausted,
  internal: Code.Internal,
};

const SAFE_INTERNAL_MESSAGE = 'Something went wrong on our side';

/**
 * The one mapper from a thrown error to the Connect error sent to the client: an AppError keeps its message, with an
 * `argus.errors.v1.ErrorInfo` detail carrying the contract's code, the request id, the refused fields and Retry-After
 * (also sent as the `retry-after` header). ConnectErrors the protocol raised itself (a malformed message) pass through
 * as they are. Anything else is logged and becomes `internal` with a message that reveals nothing.
 */
export function toConnectError(error: unknown, requestId: string): ConnectError {
  if (error instanceof ConnectError) return error;
  if (error instanceof AppError) {
    if (error.statusCode >= 500) logger.error('request failed', { error });
    const retryAfter = Number(error.headers?.['retry-after'] ?? 0);
    const detail = {
      desc: ErrorInfoSchema,
      value: {
        code: error.code,
        requestId,
        fieldViolations: (error.details ?? []).map((d) => ({ path: d.path, message: d.message })),
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : 0,
      },
    };
    return new ConnectError(error.message, CONNECT_CODES[error.code] ?? (error.statusCode < 500 ? Code.InvalidArgument : Code.Internal), new Headers(error.headers ?? {}), [detail]);
  }
  logger.error('unexpected error', { error: error as Error });
  return new ConnectError(SAFE_INTERNAL_MESSAGE, Code.Internal, undefined, [{ desc: ErrorInfoSchema, value: { code: 'internal', requestId } }]);
}
