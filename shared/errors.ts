/**
 * Typed domain errors. Each carries the contract's status and code; shared/http/middleware/error-response.ts maps
 * them to the error body in one place. Anything that is not an AppError becomes a logged 500 `internal`.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = 'The request is not valid') {
    super(400, 'validation_failed', message, details);
  }
}

export class InvalidJsonError extends AppError {
  constructor() {
    super(400, 'invalid_json', 'The request body is not valid JSON');
  }
}

export class InvalidSignatureError extends AppError {
  constructor(message = 'The webhook signature is missing, wrong or too old') {
    super(400, 'invalid_signature', message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication is required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(allowed: string[]) {
    super(405, 'method_not_allowed', `This path does not support this method; it supports ${allowed.join(', ')}`, undefined, { allow: allowed.join(', ') });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class UpgradeRequiredError extends AppError {
  constructor(message: string) {
    super(402, 'upgrade_required', message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes`);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, headers: Record<string, string> = {}) {
    super(429, 'rate_limited', 'Too many requests; retry later', undefined, {
      ...headers,
      'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}
