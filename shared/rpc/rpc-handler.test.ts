import { create, toBinary } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { errorFromJsonBytes } from '@connectrpc/connect/protocol-connect';
import type { ApiEvent, ApiResult } from '../http/types';
import { AppError, ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, RateLimitedError, UnauthorizedError, UpgradeRequiredError, ValidationError } from '../errors';
import { lambdaContext } from '../../infra/local/lambda-context';
import { ErrorInfoSchema } from './gen/argus/errors/v1/errors_pb';
import { GetSubscriptionRequestSchema } from './gen/argus/billing/v1/billing_pb';

// The handler reads its settings at import. DynamoDB points at a port nothing listens on: the one way to make a real
// call fail unexpectedly without stubbing anything.
Object.assign(process.env, {
  STAGE: 'dev',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
  AWS_MAX_ATTEMPTS: '1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  TABLE_NAME: 'argus-test',
  USAGE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/usage',
  EVENT_BUS_NAME: 'argus-test',
  USER_POOL_ID: 'us-east-1_test',
  USER_POOL_CLIENT_ID: 'testclient',
  COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test',
  AUTO_CONFIRM_SIGNUP: 'false',
  PAST_DUE_GRACE_DAYS: '3',
  ALLOWED_ORIGINS: 'http://localhost:*',
});

// Required after the settings above (imports are hoisted): the logger and the handler read them when loaded.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CONNECT_CODES, toConnectError } = require('./connect-errors') as typeof import('./connect-errors');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require('../../functions/rpc-billing/handler') as { handler: (event: ApiEvent, context: unknown) => Promise<ApiResult> };

/** The event API Gateway sends for a Connect call by the platform service key (all scopes, any org; no rate limit). */
function event(method: string, body: Buffer, contentType: string): ApiEvent {
  const path = `/rpc/argus.billing.v1.BillingService/${method}`;
  return {
    version: '2.0',
    routeKey: 'POST /rpc/argus.billing.v1.BillingService/{method}',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': contentType },
    pathParameters: { method },
    body: body.toString('base64'),
    isBase64Encoded: true,
    requestContext: {
      accountId: '0',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '198.18.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: 'POST /rpc/argus.billing.v1.BillingService/{method}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { lambda: { principal: 'key', keyId: 'key_platform', orgId: '', scopes: 'read quota:check usage:write' } },
    },
  };
}

const call = (method: string, body: Buffer, contentType = 'application/proto') => handler(event(method, body, contentType), lambdaContext('rpc-billing'));
const connectError = (result: ApiResult) => errorFromJsonBytes(Buffer.from(result.body ?? ''), undefined, new ConnectError('not a Connect error', Code.Unknown));

describe('rpcHandler', () => {
  it('answers an unexpected failure (the database unreachable) as internal, 500, revealing nothing', async () => {
    const result = await call('GetSubscription', Buffer.from(toBinary(GetSubscriptionRequestSchema, create(GetSubscriptionRequestSchema, { orgId: 'org_1' }))));
    expect(result.statusCode).toBe(500);
    expect(result.headers['x-request-id']).toBe('req-1');
    const error = connectError(result);
    expect([error.code, error.rawMessage]).toEqual([Code.Internal, 'Something went wrong on our side']);
    expect(error.findDetails(ErrorInfoSchema)).toEqual([expect.objectContaining({ code: 'internal', requestId: 'req-1' })]);
    expect(result.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|argus-test|dynamodb|at .+:\d+/i);
  });

  it('refuses bytes that are not the protobuf message, compressed bodies and unknown methods with 4xx, not 5xx', async () => {
    const garbage = await call('CheckQuota', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect([garbage.statusCode, connectError(garbage).code]).toEqual([400, Code.InvalidArgument]);
    const gzip = await handler({ ...event('CheckQuota', Buffer.from([0x1f, 0x8b]), 'application/proto'), headers: { 'content-type': 'application/proto', 'content-encoding': 'gzip' } }, lambdaContext('rpc-billing'));
    expect([gzip.statusCode, connectError(gzip).code]).toEqual([400, Code.InvalidArgument]);
    const unknown = await call('Nope', Buffer.alloc(0));
    expect([unknown.statusCode, connectError(unknown).code]).toEqual([404, Code.NotFound]);
    const badJson = await call('CheckQuota', Buffer.from('{"requested": "lots"'), 'application/json');
    expect([badJson.statusCode, connectError(badJson).code]).toEqual([400, Code.InvalidArgument]);
  });
});

describe('toConnectError', () => {
  it('maps every contract error to its Connect code, keeping the message and naming the contract code and fields', () => {
    const cases: [AppError, Code][] = [
      [new ValidationError([{ path: 'resource', message: 'Unknown metric' }]), Code.InvalidArgument],
      [new UnauthorizedError(), Code.Unauthenticated],
      [new ForbiddenError(), Code.PermissionDenied],
      [new NotFoundError(), Code.NotFound],
      [new ConflictError('id reused'), Code.AlreadyExists],
      [new UpgradeRequiredError('no seat'), Code.FailedPrecondition],
      [new PayloadTooLargeError(262_144), Code.ResourceExhausted],
      [new RateLimitedError(12), Code.ResourceExhausted],
    ];
    for (const [error, code] of cases) {
      const mapped = toConnectError(error, 'req-9');
      expect([error.code, mapped.code, mapped.rawMessage]).toEqual([error.code, code, error.message]);
      const info = mapped.findDetails(ErrorInfoSchema)[0];
      expect(info).toMatchObject({ code: error.code, requestId: 'req-9', fieldViolations: (error.details ?? []).map((d) => expect.objectContaining(d)) });
    }
    expect(toConnectError(new RateLimitedError(12), 'r').findDetails(ErrorInfoSchema)[0]!.retryAfterSeconds).toBe(12);
    expect(toConnectError(new RateLimitedError(12), 'r').metadata.get('retry-after')).toBe('12');
    // Every contract code but internal has a mapping of its own (internal falls through to Code.Internal).
    expect(Object.keys(CONNECT_CODES).sort()).toEqual(['conflict', 'forbidden', 'internal', 'invalid_json', 'invalid_signature', 'not_found', 'payload_too_large', 'rate_limited', 'unauthorized', 'upgrade_required', 'validation_failed']);
  });

  it('hides what an unexpected error says', () => {
    const mapped = toConnectError(new Error('ConditionalCheckFailedException on table argus-prod'), 'req-2');
    expect([mapped.code, mapped.rawMessage]).toEqual([Code.Internal, 'Something went wrong on our side']);
  });
});
