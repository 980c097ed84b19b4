/**
 * The Connect variant of the typed client (CONTRACT §9): clients generated from proto/ for `argus.auth.v1.AuthService`
 * and `argus.billing.v1.BillingService`, over HTTP/1.1 (what API Gateway serves), JSON or binary protobuf. Depends on
 * the generated code (shared/rpc/gen) and @connectrpc/connect(-node) only, nothing of Argus's server side.
 *
 *   const rpc = createArgusRpcClients({ apiUrl, credential: 'ak_…' });
 *   const { allowed, remaining } = await rpc.billing.checkQuota({ orgId, resource: 'api_calls', requested: 1 });
 *
 * A refusal throws a ConnectError (`code`: Code.Unauthenticated, PermissionDenied, NotFound, InvalidArgument,
 * AlreadyExists, FailedPrecondition, ResourceExhausted, Internal); `argusErrorInfo(error)` reads Argus's detail.
 */
import { createClient, type Client, ConnectError, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { AuthService } from '../rpc/gen/argus/auth/v1/auth_pb';
import { BillingService } from '../rpc/gen/argus/billing/v1/billing_pb';
import { ErrorInfoSchema, type ErrorInfo } from '../rpc/gen/argus/errors/v1/errors_pb';

export interface ArgusRpcClientOptions {
  /** The API's base URL (`apiUrl` of .argus/local.json, or the stage's `ApiUrl` output). */
  apiUrl: string;
  /** A Cognito access token or an Argus API key (`ak_…`), sent as `Authorization: Bearer …`. */
  credential: string;
  /** Binary protobuf (`application/proto`) instead of JSON (`application/json`). */
  binary?: boolean;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
}

export interface ArgusRpcClients {
  auth: Client<typeof AuthService>;
  billing: Client<typeof BillingService>;
}

export function createArgusRpcClients(options: ArgusRpcClientOptions): ArgusRpcClients {
  const bearer: Interceptor = (next) => async (req) => {
    req.header.set('authorization', `Bearer ${options.credential}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) req.header.set(name, value);
    return next(req);
  };
  const transport = createConnectTransport({
    baseUrl: `${options.apiUrl.replace(/\/+$/, '')}/rpc`,
    httpVersion: '1.1',
    useBinaryFormat: options.binary === true,
    interceptors: [bearer],
  });
  return { auth: createClient(AuthService, transport), billing: createClient(BillingService, transport) };
}

/** Argus's `argus.errors.v1.ErrorInfo` of a refused call: the contract's error code, the request id, refused fields. */
export function argusErrorInfo(error: unknown): ErrorInfo | undefined {
  return error instanceof ConnectError ? error.findDetails(ErrorInfoSchema)[0] : undefined;
}
