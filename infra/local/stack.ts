import type { Server } from 'node:http';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { stageConfig } from '../config/stages';
import { consumers, holdExpiryTarget, schedules } from '../routes';
import { stopChildren } from './emulators/children';
import { startCognito } from './emulators/cognito';
import { assertJavaInstalled, LOCAL_CREDENTIALS, LOCAL_REGION, LocalDynamoDb } from './emulators/dynamodb';
import { LocalEventBus } from './emulators/eventbridge';
import { LocalScheduler } from './emulators/scheduler';
import { startSqs } from './emulators/sqs';
import { LOCAL_VISIBILITY_TIMEOUT_SECONDS, provisionBuckets, provisionQueues, provisionTable, provisionUserPool } from './provision';
import type { LocalRoutes } from './api-server';
import { prepareStateDir, savePersistentState, writeLocalJson, type LocalStackInfo } from './state';

export interface LocalStackOptions {
  dir: string;
  port: number;
  fresh: boolean;
}

export interface RunningStack {
  info: LocalStackInfo;
  stop(): Promise<void>;
}

const NAME = 'argus-local';

/**
 * Starts the whole system on this machine: DynamoDB Local, the SQS emulator, cognito-local, the Stripe emulator and a
 * local EventBridge, provisions them like the CDK stacks, then serves the route table and polls the queues.
 * Emulator ports sit right above the API port so they stay the same across restarts (tokens name their issuer's port).
 */
export async function startLocalStack({ dir, port, fresh }: LocalStackOptions): Promise<RunningStack> {
  assertJavaInstalled();
  const state = prepareStateDir(dir, fresh);
  const ports = { dynamodb: port + 1, sqs: port + 2, cognito: port + 3, stripe: port + 4, events: port + 5 };
  const eventBus = new LocalEventBus(path.join(dir, 'events.jsonl'));
  const dynamoDb = new LocalDynamoDb(ports.dynamodb, path.join(dir, 'dynamodb'));
  // EventBridge Scheduler (hold expiry): its target ARN maps to the local handler of the same name.
  const holdExpiryArn = `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${NAME}-${holdExpiryTarget.handler}`;
  const scheduler = new LocalScheduler(
    path.join(dir, 'scheduler.json'),
    async (arn, event) => {
      if (arn !== holdExpiryArn) throw new Error(`no local function for ${arn}`);
      const { loadHandler } = await import('./handlers');
      const { lambdaContext } = await import('./lambda-context');
      return loadHandler(holdExpiryTarget.handler)(event, lambdaContext(holdExpiryTarget.handler));
    },
    logError(holdExpiryTarget.handler),
  );
  const [dynamoEndpoint, cognitoEndpoint, sqs, eventsEndpoint, schedulerEndpoint] = await Promise.all([
    dynamoDb.start(),
    startCognito(ports.cognito, path.join(dir, 'cognito'), path.join(dir, 'mail.jsonl')),
    startSqs(ports.sqs, path.join(dir, 's3')),
    eventBus.listen(ports.events),
    // Any free port: only this process's handlers call it, through the environment set below.
    scheduler.listen(0),
  ]);
  const [queues, pool, buckets] = await Promise.all([
    provisionQueues(sqs.endpoint, NAME),
    provisionUserPool(cognitoEndpoint, state),
    provisionBuckets(sqs.endpoint, NAME),
    provisionTable(dynamoEndpoint, NAME),
  ]);
  savePersistentState(dir, { ...state, ...pool });

  const apiUrl = `http://127.0.0.1:${port}`;
  const { startStripeEmulator } = await import('./stripe-emulator');
  const stripe = await startStripeEmulator({ port: ports.stripe, stateFile: path.join(dir, 'stripe.json'), webhookUrl: `${apiUrl}/v1/webhooks/stripe`, webhookSecret: state.webhookSecret });

  const stage = stageConfig('local');
  // `ARGUS_AUTO_CONFIRM_SIGNUP=false` makes this laptop stack confirm sign-ups by code, as deployed stages do (the
  // console's browser tests walk sign-up → code from /_local/mail → confirm). Only this local runner reads it.
  const autoConfirmSignUp = stage.autoConfirmSignUp && process.env.ARGUS_AUTO_CONFIRM_SIGNUP !== 'false';
  // Handlers read their settings once at import, exactly as in Lambda, so the environment is set before any is loaded.
  Object.assign(process.env, {
    STAGE: stage.stage,
    POWERTOOLS_SERVICE_NAME: 'argus',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    TABLE_NAME: NAME,
    USAGE_QUEUE_URL: queues.usageQueueUrl,
    USAGE_DLQ_URL: queues.usageDlqUrl,
    WEBHOOK_QUEUE_URL: queues.webhookQueueUrl,
    WEBHOOK_DLQ_URL: queues.webhookDlqUrl,
    METER_SINK_QUEUE_URL: queues.meterSinkQueueUrl,
    ANALYTICS_QUEUE_URL: queues.analyticsQueueUrl,
    ANALYTICS_DLQ_URL: queues.analyticsDlqUrl,
    EVENT_BUS_NAME: NAME,
    SYNC_BUCKET: buckets.syncBucket,
    ANALYTICS_BUCKET: buckets.analyticsBucket,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
    COGNITO_ISSUER: `${cognitoEndpoint}/${pool.userPoolId}`,
    AUTO_CONFIRM_SIGNUP: String(autoConfirmSignUp),
    AUTHORIZER_CACHE_SECONDS: String(stage.authorizerCacheSeconds),
    PAST_DUE_GRACE_DAYS: String(stage.pastDueGraceDays),
    ALLOWED_ORIGINS: stage.allowedOrigins.join(','),
    MAIL_OUTBOX_FILE: path.join(dir, 'mail.jsonl'),
    STRIPE_SECRET_KEY: 'sk_test_argus_local',
    STRIPE_API_URL: stripe.url,
    STRIPE_WEBHOOK_SECRET: state.webhookSecret,
    SERVICE_API_KEY: state.serviceApiKey,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventsEndpoint,
    AWS_ENDPOINT_URL_SCHEDULER: schedulerEndpoint,
    HOLD_EXPIRY_GROUP: `${NAME}-holds`,
    HOLD_EXPIRY_TARGET_ARN: holdExpiryArn,
    HOLD_EXPIRY_ROLE_ARN: `arn:aws:iam::000000000000:role/${NAME}-hold-expiry`,
    // The S3 client switches to path-style addressing when this is set (shared/storage/s3.ts).
    AWS_ENDPOINT_URL_S3: sqs.endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoEndpoint,
  });
  // The platform service key from the state file (CONTRACT §2 `serviceApiKey`), resolvable like any key: by its hash.
  const { createServiceKey } = await import('../../shared/identity/service-key');
  await createServiceKey('local platform service key', state.serviceApiKey, 'key_platform_local');
  const { createApiServer } = await import('./api-server');
  const { applyFaults } = await import('./faults');
  const { SqsEventSource } = await import('./event-source');
  const { loadHandler } = await import('./handlers');
  const { lambdaContext } = await import('./lambda-context');

  const runSchedule = async (handler: string) => loadHandler(handler)({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString() }, lambdaContext(handler));
  const timers = schedules.map((s) => setInterval(() => void runSchedule(s.handler).catch(logError(s.handler)), s.everyMinutes * 60_000));
  const localRoutes: LocalRoutes = {
    ...Object.fromEntries(schedules.map((s) => [`POST /_local/schedules/${s.handler}`, async () => ({ result: (await runSchedule(s.handler)) ?? null })])),
    'POST /_local/faults': (body) => applyFaults(body, dynamoDb),
  };

  const { consoleRequestHandler } = await import('./console-server');
  const { CONSOLE_BASE, CONSOLE_DIST } = await import('./console-build');
  const serveConsole = consoleRequestHandler({ dist: CONSOLE_DIST, config: { apiUrl, region: LOCAL_REGION, userPoolClientId: pool.clientId, stage: stage.stage } });
  const server = createApiServer({ eventBus, localRoutes, serveConsole });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  // The plan catalog's meters, products and prices, as `npx argus stripe sync` puts them into a real Stripe account
  // (once the API listens, so the emulator's catalog webhooks are answered rather than retried).
  const { stripeClientFor } = await import('../../shared/clients/stripe-factory');
  const { syncStripeCatalog } = await import('../../shared/billing/stripe-sync');
  await syncStripeCatalog(stripeClientFor('sk_test_argus_local', stripe.url));

  const sqsClient = new SQSClient({ region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS }, endpoint: sqs.endpoint });
  const sources = consumers.map((c) => {
    const url = { usage: queues.usageQueueUrl, webhooks: queues.webhookQueueUrl, meterSink: queues.meterSinkQueueUrl, analytics: queues.analyticsQueueUrl }[c.queue];
    const source = new SqsEventSource({
      name: c.handler,
      client: sqsClient,
      queueUrl: url,
      queueArn: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${url.split('/').pop()}`,
      batchSize: c.batchSize,
      maxBatchingWindowSeconds: c.maxBatchingWindowSeconds,
      // Standard queues get parallel pollers as Lambda gives them several instances (capped like maxConcurrency);
      // the FIFO webhook queue keeps one.
      concurrency: c.queue === 'webhooks' ? 1 : Math.min(c.maxConcurrency ?? 2, c.queue === 'meterSink' ? 4 : 2),
      handler: loadHandler(c.handler),
      heartbeatVisibilitySeconds: LOCAL_VISIBILITY_TIMEOUT_SECONDS,
      onError: logError(c.handler),
    });
    source.start();
    return source;
  });

  const info: LocalStackInfo = {
    apiUrl,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    dynamodb: { endpoint: dynamoEndpoint, tableName: NAME },
    sqs: { endpoint: sqs.endpoint, ...queues },
    cognito: { endpoint: cognitoEndpoint, userPoolId: pool.userPoolId, clientId: pool.clientId },
    stripe: { apiUrl: stripe.url, webhookSecret: state.webhookSecret },
    eventBridge: { endpoint: eventsEndpoint, busName: NAME },
    s3: { endpoint: sqs.endpoint, ...buckets },
    serviceApiKey: state.serviceApiKey,
    consoleUrl: `${apiUrl}${CONSOLE_BASE}`,
  };
  writeLocalJson(dir, info);

  return {
    info,
    async stop() {
      timers.forEach(clearInterval);
      await Promise.all(sources.map((s) => s.stop()));
      await closeServer(server);
      await Promise.all([stripe.close(), sqs.close(), eventBus.close(), scheduler.close()]);
      sqsClient.destroy();
      await stopChildren();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function logError(name: string) {
  return (error: unknown) => process.stderr.write(`${name}: ${(error as Error)?.stack ?? String(error)}\n`);
}
