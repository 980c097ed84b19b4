import path from 'node:path';
import type { DescService } from '@bufbuild/protobuf';
import type { z } from 'zod';
import type { RouteSpec } from '../../shared/http/handler';
import type { RouteDef } from '../routes';

/** A handler's request schemas; `rpc`: the Connect service a `/rpc/` route serves (shared/rpc/rpc-handler.ts). */
export type LoadedSpec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined> & { rpc?: DescService };

/**
 * Settings the handlers read at import (shared/config.ts `readConfig` calls; the list in infra/bench/cold-start.ts).
 * Dummy values: importing a handler only builds clients, it calls no service. Request schemas do not depend on them.
 */
const IMPORT_ENV: Record<string, string> = {
  STAGE: 'dev',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'openapi',
  AWS_SECRET_ACCESS_KEY: 'openapi',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'argus',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  TABLE_NAME: 'argus-openapi',
  USAGE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-usage',
  USAGE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-usage-dlq',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-stripe-webhooks.fifo',
  METER_SINK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-meter-sink',
  ANALYTICS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-analytics',
  ANALYTICS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-openapi-analytics-dlq',
  EVENT_BUS_NAME: 'argus-openapi',
  SYNC_BUCKET: 'argus-openapi-sync',
  USER_POOL_ID: 'us-east-1_openapi',
  USER_POOL_CLIENT_ID: 'openapiclient',
  COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_openapi',
  AUTO_CONFIRM_SIGNUP: 'false',
  AUTHORIZER_CACHE_SECONDS: '30',
  PAST_DUE_GRACE_DAYS: '3',
  ALLOWED_ORIGINS: 'http://localhost:*',
  MAIL_FROM: 'no-reply@openapi.argus.example',
  STRIPE_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:argus/openapi/stripe/api-key',
  STRIPE_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:argus/openapi/stripe/webhook-secret',
  HOLD_EXPIRY_GROUP: 'argus-openapi-hold-expiry',
  HOLD_EXPIRY_TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:argus-openapi-hold-expire',
  HOLD_EXPIRY_ROLE_ARN: 'arn:aws:iam::000000000000:role/argus-openapi-hold-expiry',
};

const FUNCTIONS_DIR = path.resolve(__dirname, '..', '..', 'functions');

/**
 * Imports each route's handler and returns the request schemas `httpHandler` attached to it (`handler.spec`): the
 * document describes exactly what the handlers validate. Settings already present are kept (never clobber a real env).
 */
export function loadRouteSpecs(routes: readonly RouteDef[]): Map<string, LoadedSpec> {
  for (const [key, value] of Object.entries(IMPORT_ENV)) process.env[key] ??= value;
  const specs = new Map<string, LoadedSpec>();
  for (const route of routes) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(FUNCTIONS_DIR, route.handler, 'handler.ts')) as { handler?: { spec?: LoadedSpec; rpc?: DescService } };
    const spec = mod.handler?.spec;
    if (!spec) throw new Error(`functions/${route.handler}/handler.ts: no spec on its handler (is it built with httpHandler or rpcHandler?)`);
    specs.set(route.handler, mod.handler?.rpc ? { ...spec, rpc: mod.handler.rpc } : spec);
  }
  return specs;
}
