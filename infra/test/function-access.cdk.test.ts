import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { ArgusFunction } from '../constructs/argus-function';
import { BUCKET_ACTIONS, BUCKET_ENV, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS, TABLE_WRITE_SCOPE_KEYS } from '../constructs/function-grants';
import type { BucketAccess, BucketName, FunctionAccess } from '../function-access';
import { authorizer, type ConsumerDef, consumers, holdExpiryTarget, type RouteDef, routes, type ScheduleDef, schedules } from '../routes';
import type { StatelessStack } from '../stacks/stateless-stack';
import { SAMPLE_ROUTES, SAMPLE_TABLES, stackAndNested, synthArgus } from './helpers';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

/**
 * What a function's role can do, in the declaration's vocabulary, read back from the synthesized policies. Resources
 * are recognised by the stateful stack's export names (cross-stack references), so a grant on the wrong queue or
 * secret shows up as that queue or secret, and anything unrecognised fails the test.
 */
interface Capabilities {
  tableRead: boolean;
  tableWriteAnywhere: boolean;
  /** `<action> <prefix>*` for writes limited by dynamodb:LeadingKeys. */
  tableWriteLimited: string[];
  queues: string[];
  /** Queues it is fed from (the event source mapping's receive/delete grant). */
  consumes: string[];
  cognito: string[];
  secrets: string[];
  events: boolean;
  mail: boolean;
  /** `<action> <bucket>` or `<action> <bucket>/*`. */
  buckets: string[];
  /** firehose:PutRecordBatch on the analytics stream. */
  analyticsStream: boolean;
  /** scheduler:CreateSchedule in the hold-expiry group and iam:PassRole of its Scheduler role (to Scheduler only). */
  holdSchedules: boolean;
}

const RESOURCE_NAMES: [RegExp, string][] = [
  [/UsageDeadLetterQueue/, 'usage-dlq'],
  [/UsageQueue/, 'usage'],
  [/StripeWebhooksQueue/, 'webhooks'],
  [/MeterSinkQueue/, 'meterSink'],
  [/AnalyticsDeadLetterQueue/, 'analytics-dlq'],
  [/AnalyticsQueue/, 'analytics'],
  [/StripeApiKey/, 'stripeApiKey'],
  [/StripeWebhookSecret/, 'stripeWebhookSecret'],
  [/:s3:::argus-[a-z]+-sync-/, 'sync'],
  [/:s3:::argus-[a-z]+-analytics-/, 'analytics'],
];

function resourceName(resource: unknown): string {
  const text = JSON.stringify(resource);
  const found = RESOURCE_NAMES.find(([re]) => re.test(text));
  if (!found) throw new Error(`unrecognised resource ${text}`);
  return found[1];
}

/** The template of the stack `fn` is in (the stateless stack, or the nested stack of its route area). */
function templateOf(fn: ArgusFunction): any {
  const template = synthTemplates.get(Stack.of(fn));
  if (!template) throw new Error(`no template for ${fn.node.path}`);
  return template;
}

/** The synthesized properties of `fn`'s Lambda function. */
function functionProperties(fn: ArgusFunction): Record<string, any> {
  return templateOf(fn).Resources[Stack.of(fn).getLogicalId(fn.function.node.defaultChild as any)].Properties;
}

function statementsOf(_stack: StatelessStack, fn: ArgusFunction): Statement[] {
  const template = templateOf(fn);
  const roleId = Stack.of(fn).getLogicalId(fn.function.role!.node.defaultChild as iam.CfnRole);
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

function capabilities(stack: StatelessStack, fn: ArgusFunction): Capabilities {
  const caps: Capabilities = { tableRead: false, tableWriteAnywhere: false, tableWriteLimited: [], queues: [], consumes: [], cognito: [], secrets: [], events: false, mail: false, buckets: [], analyticsStream: false, holdSchedules: false };
  let createSchedule = false;
  let passRole = false;
  for (const st of statementsOf(stack, fn)) {
    expect(st.Effect).toBe('Allow');
    const actions = [st.Action].flat();
    const resources = [st.Resource].flat();
    if (actions.some((a) => a.startsWith('dynamodb:'))) {
      expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
      expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem']));
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/DataTable/);
      const writes = actions.filter((a) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(a));
      if (actions.some((a) => (TABLE_READ_ACTIONS as readonly string[]).includes(a))) caps.tableRead = true;
      if (writes.length && !st.Condition) caps.tableWriteAnywhere = true;
      if (writes.length && st.Condition) {
        const prefixes = st.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'];
        for (const a of writes) for (const p of prefixes) caps.tableWriteLimited.push(`${a} ${p}`);
      }
    } else if (actions.includes('sqs:ReceiveMessage')) {
      caps.consumes.push(...resources.map(resourceName));
    } else if (actions.includes('sqs:SendMessage')) {
      caps.queues.push(...resources.map(resourceName));
    } else if (actions.some((a) => a.startsWith('cognito-idp:'))) {
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/UsersPool/);
      caps.cognito.push(...actions.map((a) => a.replace('cognito-idp:', '')));
    } else if (actions.includes('secretsmanager:GetSecretValue')) {
      caps.secrets.push(...resources.map(resourceName));
    } else if (actions.includes('events:PutEvents')) {
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/DomainEvents/);
      caps.events = true;
    } else if (actions.includes('ses:SendEmail')) {
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/:identity\//);
      caps.mail = true;
    } else if (actions.every((a) => a.startsWith('firehose:'))) {
      expect(actions).toEqual(['firehose:PutRecordBatch']);
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/AnalyticsLakeStream/);
      caps.analyticsStream = true;
    } else if (actions.every((a) => a.startsWith('s3:'))) {
      for (const r of resources) {
        // Objects as `<bucket arn>/*` (Fn::Join of the imported ARN and "/*"), the bucket itself as its ARN.
        const objects = JSON.stringify(r).endsWith('"/*"]]}');
        for (const a of actions) caps.buckets.push(`${a} ${resourceName(r)}${objects ? '/*' : ''}`);
      }
    } else if (actions.every((a) => a.startsWith('scheduler:'))) {
      expect(actions).toEqual(['scheduler:CreateSchedule']);
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/:schedule\/argus-[a-z]+-holds\/\*"/);
      createSchedule = true;
    } else if (actions.every((a) => a.startsWith('iam:'))) {
      expect(actions).toEqual(['iam:PassRole']);
      for (const r of resources) expect(JSON.stringify(r)).toMatch(/HoldExpirySchedulerRole/);
      expect(st.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
      passRole = true;
    } else if (actions.every((a) => a.startsWith('xray:'))) {
      expect(resources).toEqual(['*']);
    } else if (actions.every((a) => a.startsWith('logs:'))) {
      // The functions' log group only (checked by resource being a reference, never a wildcard).
      for (const r of resources) expect(r).not.toBe('*');
    } else {
      throw new Error(`unexpected statement ${JSON.stringify(st)}`);
    }
  }
  for (const list of [caps.tableWriteLimited, caps.queues, caps.consumes, caps.cognito, caps.secrets, caps.buckets]) list.sort();
  // Either both (the grant is one declaration) or neither.
  expect(createSchedule).toBe(passRole);
  caps.holdSchedules = createSchedule;
  return caps;
}

/** What the declaration says the role may do, on a stage that does (or does not) auto-confirm and send mail. */
function expected(access: FunctionAccess, stage: { autoConfirm: boolean; mail: boolean }, consumes: string[] = []): Capabilities {
  const writeAnywhere = access.table === 'write';
  return {
    tableRead: access.table === 'read' || writeAnywhere,
    tableWriteAnywhere: writeAnywhere,
    tableWriteLimited: writeAnywhere
      ? []
      : [...new Set(access.tableWrites ?? [])]
          .flatMap((scope) => TABLE_WRITE_SCOPE_KEYS[scope].flatMap(({ actions, partitionPrefixes }) => actions.flatMap((a) => partitionPrefixes.map((p) => `${a} ${p}*`))))
          .sort(),
    queues: [...new Set(access.queues ?? [])].sort(),
    consumes,
    cognito: [...new Set(access.cognito ?? [])].filter((a) => a !== 'AdminConfirmSignUp' || stage.autoConfirm).sort(),
    secrets: [...new Set(access.secrets ?? [])].sort(),
    events: access.events ?? false,
    mail: (access.mail ?? false) && stage.mail,
    buckets: (Object.entries(access.buckets ?? {}) as [BucketName, BucketAccess][])
      .flatMap(([name, level]) => [...BUCKET_ACTIONS[level].object.map((a) => `${a} ${name}/*`), ...BUCKET_ACTIONS[level].bucket.map((a) => `${a} ${name}`)])
      .sort(),
    analyticsStream: access.analyticsStream ?? false,
    holdSchedules: access.holdSchedules ?? false,
  };
}

/** Templates of the stateless stacks and of their nested stacks (each route area's functions are in one). */
const synthTemplates = new Map<Stack, any>();
function synth(stage: string, overrides = {}) {
  const out = synthArgus(stage, overrides);
  for (const stack of stackAndNested(out.stateless)) synthTemplates.set(stack, Template.fromStack(stack).toJSON());
  return out.stateless;
}

/** Every function of the stack with the declaration it was built from. */
type Declared = [name: string, fn: ArgusFunction, access: FunctionAccess, consumes: string[]];
function declaredFunctions(
  stack: StatelessStack,
  tables: { routes: readonly RouteDef[]; consumers: readonly ConsumerDef[]; schedules: readonly ScheduleDef[] } = { routes, consumers, schedules },
): Declared[] {
  const out: Declared[] = [];
  for (const r of tables.routes) out.push([`${r.method} ${r.path}`, stack.httpApi.routeFunctions.get(`${r.method} ${r.path}`)!, r.access, []]);
  for (const c of tables.consumers) out.push([`consumer ${c.handler}`, stack.consumers.functions.get(`${c.queue}-${c.handler}`)!, c.access, [c.queue]]);
  for (const s of tables.schedules) out.push([`schedule ${s.handler}`, stack.schedules.functions.get(s.handler)!, s.access, []]);
  if (stack.httpApi.authorizerFunction) out.push(['authorizer', stack.httpApi.authorizerFunction, authorizer.access, []]);
  out.push([`hold expiry ${holdExpiryTarget.handler}`, stack.holdExpiry.function, holdExpiryTarget.access, []]);
  out.push(['$default (unmatched)', stack.httpApi.unmatchedFunction, {}, []]);
  return out;
}

describe('per-function permissions (the real route table)', () => {
  const dev = synth('dev');
  const local = synth('local');
  const byRoute = (stack: StatelessStack, key: string) => capabilities(stack, stack.httpApi.routeFunctions.get(key)!);

  it('covers every function of the stack and its nested stacks', () => {
    const lambdas = stackAndNested(dev).flatMap((s) => Object.values(synthTemplates.get(s).Resources as Record<string, { Type: string }>)).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(declaredFunctions(dev)).toHaveLength(lambdas.length);
  });

  it.each(declaredFunctions(dev))('dev: %s may do exactly what it declares', (_name, fn, access, consumes) => {
    expect(capabilities(dev, fn)).toEqual(expected(access, { autoConfirm: false, mail: true }, consumes));
  });

  it.each(declaredFunctions(local))('local: %s may do exactly what it declares', (_name, fn, access, consumes) => {
    expect(capabilities(local, fn)).toEqual(expected(access, { autoConfirm: true, mail: false }, consumes));
  });

  it.each(['GET /health', 'GET /v1/plans', 'POST /v1/licenses/validate', 'POST /v1/webhooks/stripe'])(
    'public %s cannot write the table freely, read the Stripe API key or call Cognito admin actions',
    (key) => {
      const caps = byRoute(dev, key);
      expect(caps.tableWriteAnywhere).toBe(false);
      expect(caps.secrets).not.toContain('stripeApiKey');
      expect(caps.cognito).toEqual([]);
      for (const limited of caps.tableWriteLimited) expect(limited).toMatch(/^dynamodb:(PutItem|UpdateItem) (RATE|LICENSEMACHINE|ORG|OPSTAT)#\*$/);
    },
  );

  it('health and plans touch nothing at all', () => {
    for (const key of ['GET /health', 'GET /v1/plans']) expect(statementsOf(dev, dev.httpApi.routeFunctions.get(key)!).filter((s) => ![s.Action].flat().every((a) => /^(logs|xray):/.test(a)))).toEqual([]);
  });

  it('only the webhook receiver reads the webhook signing secret; it cannot read the API key', () => {
    const holders = declaredFunctions(dev).filter(([, fn]) => capabilities(dev, fn).secrets.includes('stripeWebhookSecret')).map(([name]) => name);
    expect(holders).toEqual(['POST /v1/webhooks/stripe']);
    expect(byRoute(dev, 'POST /v1/webhooks/stripe').secrets).toEqual(['stripeWebhookSecret']);
  });

  it('the API key goes to billing functions, the membership changes that keep the seat quantity, the MCP function (it runs the billing tools), the webhook processor and the meter sink only', () => {
    const holders = declaredFunctions(dev).filter(([, fn]) => capabilities(dev, fn).secrets.includes('stripeApiKey')).map(([name]) => name);
    expect(holders.sort()).toEqual(
      [
        'POST /v1/invitations/{invitationId}/accept',
        'DELETE /v1/orgs/{orgId}/members/{userId}',
        'POST /v1/orgs/{orgId}/checkout',
        'POST /v1/orgs/{orgId}/portal',
        'POST /v1/orgs/{orgId}/subscription/preview',
        'PATCH /v1/orgs/{orgId}/subscription',
        // Stripe's invoice preview (read-only calls) under Argus's own usage counters.
        'GET /v1/orgs/{orgId}/invoices/upcoming',
        'POST /v1/mcp',
        'consumer stripe-webhook-processor',
        'consumer usage-meter-report',
      ].sort(),
    );
  });

  it('grants AdminConfirmSignUp only on the stage that auto-confirms, and AdminUpdateUserAttributes nowhere', () => {
    expect(byRoute(local, 'POST /v1/auth/signup').cognito).toEqual(['AdminConfirmSignUp', 'AdminDeleteUser', 'AdminGetUser']);
    expect(byRoute(dev, 'POST /v1/auth/signup').cognito).toEqual(['AdminDeleteUser', 'AdminGetUser']);
    for (const stack of [dev, local]) {
      for (const [, fn] of declaredFunctions(stack)) expect(capabilities(stack, fn).cognito).not.toContain('AdminUpdateUserAttributes');
    }
  });

  it('gives the function environment only the secret ARNs it may read', () => {
    const env = (key: string) => functionProperties(dev.httpApi.routeFunctions.get(key)!).Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env('POST /v1/webhooks/stripe'))).toEqual(expect.arrayContaining(['STRIPE_WEBHOOK_SECRET_ARN']));
    expect(Object.keys(env('POST /v1/webhooks/stripe'))).not.toContain('STRIPE_API_KEY_SECRET_ARN');
    expect(Object.keys(env('POST /v1/orgs/{orgId}/checkout'))).toContain('STRIPE_API_KEY_SECRET_ARN');
    expect(Object.keys(env('POST /v1/orgs/{orgId}/checkout'))).not.toContain('STRIPE_WEBHOOK_SECRET_ARN');
    expect(Object.keys(env('GET /health')).filter((k) => k.startsWith('STRIPE_'))).toEqual([]);
  });
});

describe('analytics', () => {
  const dev = synth('dev');
  const caps = (name: string) => capabilities(dev, [...dev.consumers.functions.entries()].find(([id]) => id.endsWith(name))![1]);

  it('only the analytics consumer puts records on the Firehose stream, and it writes no bucket itself', () => {
    expect(caps('analytics-consumer')).toMatchObject({ analyticsStream: true, queues: ['analytics-dlq'], consumes: ['analytics'], buckets: [] });
    const holders = declaredFunctions(dev).filter(([, fn]) => capabilities(dev, fn).analyticsStream).map(([name]) => name);
    expect(holders).toEqual(['consumer analytics-consumer']);
    const env = functionProperties(dev.consumers.functions.get('analytics-analytics-consumer')!).Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['ANALYTICS_FIREHOSE_STREAM', 'ANALYTICS_DLQ_URL']));
  });

  it('telemetry ingest may only send to the analytics queue', () => {
    const ingest = capabilities(dev, dev.httpApi.routeFunctions.get('POST /v1/analytics/events')!);
    expect(ingest).toMatchObject({ queues: ['analytics'], tableWriteAnywhere: false, analyticsStream: false, buckets: [] });
  });
});

describe('bucket access', () => {
  const prod = synth('prod', SAMPLE_TABLES);
  const caps = (key: string) => capabilities(prod, prod.httpApi.routeFunctions.get(key)!);
  const env = (key: string) => functionProperties(prod.httpApi.routeFunctions.get(key)!).Environment.Variables as Record<string, unknown>;

  it('grants read as GetObject on the objects and ListBucket on the bucket, write as Put/DeleteObject, on the named bucket only', () => {
    expect(caps('GET /v1/me').buckets).toEqual(['s3:GetObject sync/*', 's3:ListBucket sync']);
    expect(caps('POST /v1/usage').buckets).toEqual(['s3:DeleteObject analytics/*', 's3:PutObject analytics/*']);
    const schedule = capabilities(prod, prod.schedules.functions.get('stub')!);
    expect(schedule.buckets).toEqual(['s3:DeleteObject sync/*', 's3:GetObject sync/*', 's3:ListBucket sync', 's3:PutObject sync/*']);
    expect(caps('GET /health').buckets).toEqual([]);
  });

  it('names a declared bucket in the environment and no other', () => {
    expect(Object.keys(env('GET /v1/me'))).toContain(BUCKET_ENV.sync);
    expect(Object.keys(env('GET /v1/me'))).not.toContain(BUCKET_ENV.analytics);
    expect(Object.keys(env('POST /v1/usage'))).toContain(BUCKET_ENV.analytics);
    expect(Object.keys(env('POST /v1/usage'))).not.toContain(BUCKET_ENV.sync);
    expect(Object.keys(env('GET /health')).filter((k) => k.endsWith('_BUCKET'))).toEqual([]);
  });
});

describe('per-function permissions (sample tables: every kind of declaration)', () => {
  const prod = synth('prod', SAMPLE_TABLES);
  const local = synth('local', SAMPLE_TABLES);

  it.each(declaredFunctions(prod, { routes: SAMPLE_ROUTES, consumers: SAMPLE_TABLES.consumers!, schedules: SAMPLE_TABLES.schedules! }))(
    'prod: %s may do exactly what it declares',
    (_name, fn, access, consumes) => {
      expect(capabilities(prod, fn)).toEqual(expected(access, { autoConfirm: false, mail: true }, consumes));
    },
  );

  it('limits narrow writes with dynamodb:LeadingKeys on the table itself (no index, no wildcard resource)', () => {
    const webhook = statementsOf(prod, prod.httpApi.routeFunctions.get('POST /v1/webhooks/stripe')!).filter((s) => s.Condition);
    expect(webhook).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: expect.objectContaining({ 'Fn::ImportValue': expect.stringMatching(/DataTable.*Arn/) }),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
      },
    ]);
  });

  it('lets a mail-sending function send from the stage address only, on SES; not on local (outbox)', () => {
    const key = 'DELETE /v1/orgs/{orgId}/members/{userId}';
    const ses = statementsOf(prod, prod.httpApi.routeFunctions.get(key)!).filter((s) => s.Action === 'ses:SendEmail');
    expect(ses).toEqual([
      expect.objectContaining({ Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@argus.example' } } }),
    ]);
    expect(JSON.stringify(Stack.of(prod).resolve(ses[0].Resource))).toMatch(/identity\/argus\.example/);
    expect(capabilities(local, local.httpApi.routeFunctions.get(key)!).mail).toBe(false);
  });
});
