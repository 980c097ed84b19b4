import { CfnElement, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { catalog } from '../../shared/plans/catalog';
import { STAGES, stageConfig } from '../config/stages';
import { ANY_PORT_EXPANSION, COGNITO_ACCESS_TOKEN_SCOPE } from '../constructs/http-api';
import { QUEUE_SETTINGS, ROUTE_AREAS, consumers, routeArea, routeResource, routes, schedules } from '../routes';
import { SAMPLE_CONSUMERS, SAMPLE_ROUTES, SAMPLE_SCHEDULES, SAMPLE_TABLES, synthArgus } from './helpers';

const ENV_NAMES = [
  'STAGE',
  'LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
  'TABLE_NAME',
  'USAGE_QUEUE_URL',
  'USAGE_DLQ_URL',
  'WEBHOOK_QUEUE_URL',
  'METER_SINK_QUEUE_URL',
  'EVENT_BUS_NAME',
  'USER_POOL_ID',
  'USER_POOL_CLIENT_ID',
  'COGNITO_ISSUER',
  'AUTO_CONFIRM_SIGNUP',
  'AUTHORIZER_CACHE_SECONDS',
  'PAST_DUE_GRACE_DAYS',
  'ALLOWED_ORIGINS',
];

function routeByKey(t: Template, routeKey: string): Record<string, unknown> {
  const found = Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
  expect(found).toHaveLength(1);
  return (found[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('stateless stack (sample tables covering every kind of entry)', () => {
  const { stateless, stateless$: t } = synthArgus('prod', SAMPLE_TABLES);
  const functionCount =
    SAMPLE_ROUTES.length + 1 /* authorizer */ + 1 /* $default */ + SAMPLE_CONSUMERS.length + SAMPLE_SCHEDULES.length + 1 /* hold expiry */;

  it('releases holds through one-time schedules: a group, and a role Scheduler assumes that may invoke only hold-expire', () => {
    t.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    t.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'argus-prod-holds' });
    const fnId = stateless.getLogicalId(stateless.holdExpiry.function.function.node.defaultChild as lambda.CfnFunction);
    const roles = t.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } } });
    expect(Object.keys(roles)).toHaveLength(1);
    const roleId = Object.keys(roles)[0];
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p: any) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`));
    expect(policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    ]);
  });

  it('is named per stage', () => {
    expect(stateless.stackName).toBe('Argus-prod-Stateless');
  });

  it('creates one route per route-table entry', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Route', SAMPLE_ROUTES.length + 1 /* $default */);
    for (const r of SAMPLE_ROUTES) routeByKey(t, `${r.method} ${r.path}`);
  });

  it('uses no authorizer on public routes', () => {
    for (const r of SAMPLE_ROUTES.filter((x) => x.auth === 'none')) {
      const props = routeByKey(t, `${r.method} ${r.path}`);
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.AuthorizerId).toBeUndefined();
    }
  });

  it('uses the Cognito JWT authorizer with the access-token scope on jwt routes (ID tokens have no scope)', () => {
    for (const r of SAMPLE_ROUTES.filter((x) => x.auth === 'jwt')) {
      const props = routeByKey(t, `${r.method} ${r.path}`);
      expect(props.AuthorizationType).toBe('JWT');
      expect(props.AuthorizationScopes).toEqual([COGNITO_ACCESS_TOKEN_SCOPE]);
    }
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' }, 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolClient|ApiClient') }],
        Issuer: {
          'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { 'Fn::ImportValue': Match.stringLikeRegexp('Pool') }]],
        },
      },
    });
  });

  it('uses the cached SIMPLE Lambda authorizer on jwt-or-key routes', () => {
    for (const r of SAMPLE_ROUTES.filter((x) => x.auth === 'jwt-or-key')) {
      const props = routeByKey(t, `${r.method} ${r.path}`);
      expect(props.AuthorizationType).toBe('CUSTOM');
      expect(props.AuthorizationScopes).toBeUndefined();
    }
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'REQUEST' }, 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 30,
    });
  });

  it('logs access as JSON and throttles the default stage', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      DefaultRouteSettings: { ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 5000 },
    });
  });

  it('throttles no deployed stage below the largest tier (one enterprise org may use 100,000 requests/min)', () => {
    const largest = Math.max(...catalog.plans.map((p) => p.rateLimit.requestsPerMinute));
    expect(largest).toBe(100_000);
    for (const stage of STAGES.filter((s) => s !== 'local')) {
      expect(stageConfig(stage).apiThrottle.rateLimit * 60).toBeGreaterThanOrEqual(largest);
    }
  });

  it('answers CORS preflights for the stage console origins, with the route methods and the two request headers', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        // The stage's console origins, then the console distribution's (infra/test/console.cdk.test.ts).
        AllowOrigins: ['https://console.argus.example', Match.anyValue()],
        AllowMethods: Match.arrayWith(['GET', 'POST', 'DELETE', 'OPTIONS']),
        AllowHeaders: ['authorization', 'content-type'],
        ExposeHeaders: Match.arrayWith(['x-request-id', 'retry-after']),
        MaxAge: 600,
      },
    });
  });

  it('turns an any-port origin (dev: http://localhost:*) into the dev-server ports, since HTTP API CORS matches exactly', () => {
    const { stateless$: dev } = synthArgus('dev', SAMPLE_TABLES);
    dev.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [...ANY_PORT_EXPANSION.map((port) => `http://localhost:${port}`), Match.anyValue()] }),
    });
  });

  it('runs every function on nodejs22.x / arm64 with X-Ray and the shared environment', () => {
    const fns = t.findResources('AWS::Lambda::Function');
    expect(Object.keys(fns)).toHaveLength(functionCount);
    for (const fn of Object.values(fns) as Array<{ Properties: Record<string, any> }>) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.MemorySize).toBe(512);
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(ENV_NAMES));
      expect(fn.Properties.Environment.Variables).toMatchObject({
        STAGE: 'prod',
        POWERTOOLS_SERVICE_NAME: 'argus',
        AUTO_CONFIRM_SIGNUP: 'false',
        AUTHORIZER_CACHE_SECONDS: '30',
        PAST_DUE_GRACE_DAYS: '7',
      });
    }
  });

  it('gives API functions 10 s and queue consumers QUEUE_SETTINGS.functionTimeoutSeconds', () => {
    t.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 10 }, SAMPLE_ROUTES.length + 2 /* authorizer, $default */);
    t.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: QUEUE_SETTINGS.functionTimeoutSeconds }, SAMPLE_CONSUMERS.length + 1 /* hold expiry, 30 s too */);
  });

  it('keeps function logs for the stage retention, in one log group for all functions (the 500-resource stack limit)', () => {
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 1 /* functions */ + 1 /* access logs */);
    t.resourcePropertiesCountIs('AWS::Lambda::Function', { LoggingConfig: { LogGroup: Match.anyValue() } }, functionCount);
  });

  it('feeds consumers with partial batch responses; a batching window only on the standard queue', () => {
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', SAMPLE_CONSUMERS.length);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('UsageQueue') },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StripeWebhooksQueue') },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.absent(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs scheduled functions from an EventBridge rate rule', () => {
    t.resourceCountIs('AWS::Events::Rule', SAMPLE_SCHEDULES.length);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
  });

  it('puts each route, with its function, role, permission and integration, in the nested stack of its area', () => {
    expect([...stateless.routeAreas.keys()].sort()).toEqual([...new Set(SAMPLE_ROUTES.map(routeArea))].sort());
    for (const r of SAMPLE_ROUTES) {
      const area = stateless.routeAreas.get(routeArea(r))!;
      const fn = stateless.httpApi.routeFunctions.get(`${r.method} ${r.path}`)!;
      expect(Stack.of(fn)).toBe(area);
      const own = Template.fromStack(area);
      const routeIds = Object.keys(own.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${r.method} ${r.path}` } }));
      expect(routeIds).toHaveLength(1);
      const fnId = area.getLogicalId(fn.function.node.defaultChild as CfnElement);
      own.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
      own.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'apigateway.amazonaws.com' });
    }
    // The API, its stage, authorizers and catch-all stay in the stateless stack itself.
    const top = Template.fromStack(stateless);
    top.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    top.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    top.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
    top.resourceCountIs('AWS::ApiGatewayV2::Route', 1 /* $default */);
  });

  it('derives the area from the resource a path names, and refuses a route whose resource is in no area', () => {
    expect(routeResource('/v1/orgs/{orgId}/checkout')).toBe('checkout');
    expect(routeResource('/v1/orgs/{orgId}')).toBe('orgs');
    expect(routeResource('/v1/orgs')).toBe('orgs');
    expect(routeResource('/rpc/argus.auth.v1.AuthService/{method}')).toBe('rpc');
    expect(routeResource('/health')).toBe('health');
    expect(routeArea({ method: 'GET', path: '/v1/orgs/{orgId}/invoices/{invoiceId}' })).toBe('billing');
    expect(() => synthArgus('dev', { ...SAMPLE_TABLES, routes: [...SAMPLE_ROUTES, { ...SAMPLE_ROUTES[0], path: '/v1/widgets' }] })).toThrow(
      /GET \/v1\/widgets: no area lists "widgets"; add it to ROUTE_AREAS/,
    );
  });

  it('rejects a route listed twice', () => {
    expect(() => synthArgus('dev', { ...SAMPLE_TABLES, routes: [...SAMPLE_ROUTES, SAMPLE_ROUTES[0]] })).toThrow(/twice/);
  });
});

describe('stateless stack (the real tables in infra/routes.ts)', () => {
  const { stateless$: t } = synthArgus('dev');

  it('lists every resource of the route table in exactly one area', () => {
    const listed = Object.values(ROUTE_AREAS).flat();
    expect(new Set(listed).size).toBe(listed.length);
    for (const r of routes) expect(Object.keys(ROUTE_AREAS)).toContain(routeArea(r));
  });

  it('has exactly one route per route-table entry, each with the authorizer its auth kind asks for', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 1);
    // Whatever no route matches goes to one public catch-all that answers the contract's 404/405.
    expect(routeByKey(t, '$default').AuthorizationType).toBe('NONE');
    const expected = { none: 'NONE', jwt: 'JWT', 'jwt-or-key': 'CUSTOM' } as const;
    for (const r of routes) expect(routeByKey(t, `${r.method} ${r.path}`).AuthorizationType).toBe(expected[r.auth]);
  });

  it('has one event source mapping per consumer and one rule per schedule', () => {
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', consumers.length);
    t.resourceCountIs('AWS::Events::Rule', schedules.length);
  });

  it('feeds the meter sink consumer from its fan-out queue with a cap on concurrent instances (Stripe rate limit)', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('MeterSinkQueue') },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 10 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('passes the dev stage settings', () => {
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as Array<{ Properties: Record<string, any> }>;
    for (const fn of fns) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ STAGE: 'dev', LOG_LEVEL: 'DEBUG', AUTO_CONFIRM_SIGNUP: 'false' });
    }
  });
});

describe('local stage', () => {
  it('auto-confirms sign-up (through the signup route, told by AUTO_CONFIRM_SIGNUP)', () => {
    const { stateless$: t } = synthArgus('local', SAMPLE_TABLES);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AUTO_CONFIRM_SIGNUP: 'true', AUTHORIZER_CACHE_SECONDS: '2' }) },
    });
  });
});
