import { Duration, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { authorizer, type RouteDef, UNMATCHED_ROUTE_HANDLER } from '../routes';
import { API_FUNCTION_TIMEOUT, ArgusFunction, type FunctionBinding, stageLogGroup } from './argus-function';

/** Folder under functions/ of the Lambda authorizer for `jwt-or-key` routes. */
export const AUTHORIZER_HANDLER = authorizer.handler;

/** Cognito puts this scope into every access token from InitiateAuth; ID tokens carry no scope, so they are refused. */
export const COGNITO_ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

export interface HttpApiProps {
  binding: FunctionBinding;
  /** The whole route table: CORS allows its methods (routes themselves come through `addRoute`). */
  routes: readonly RouteDef[];
}

/**
 * HTTP API CORS matches origins exactly (or by a `scheme://*` prefix), so a stage origin with any port
 * (`http://localhost:*`) becomes that host on the ports local dev servers use. API Gateway answers preflights itself and,
 * with CORS configured, replaces whatever CORS headers a handler sets: on AWS this is the one CORS decision.
 */
export const ANY_PORT_EXPANSION = [3000, 4173, 5173, 8080] as const;

export function corsPreflight(allowedOrigins: readonly string[], routes: readonly RouteDef[]): apigw.CorsPreflightOptions {
  const origins = allowedOrigins.flatMap((o) => (o.endsWith(':*') ? ANY_PORT_EXPANSION.map((port) => `${o.slice(0, -2)}:${port}`) : [o]));
  return {
    allowOrigins: [...new Set(origins)],
    allowMethods: [...new Set(routes.map((r) => apigw.CorsHttpMethod[r.method])), apigw.CorsHttpMethod.OPTIONS],
    allowHeaders: ['authorization', 'content-type'],
    // What a browser client needs to read: the request id for support, and when to retry after a 429.
    exposeHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'],
    maxAge: Duration.minutes(10),
  };
}

/** `POST /v1/orgs/{orgId}/invitations` -> `POST-v1-orgs-orgId-invitations`: a stable construct id per route. */
export function routeConstructId(route: Pick<RouteDef, 'method' | 'path'>): string {
  const slug = route.path.replace(/[{}]/g, '').split('/').filter(Boolean).join('-');
  return `${route.method}-${slug || 'root'}`;
}

/**
 * The HTTP API: its stage (JSON access logs, stage-wide default throttling), its authorizers and the `$default` route.
 * Each route-table entry gets one function and one route through `addRoute`, with the authorizer its `auth` names.
 */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** Route functions by route key (`GET /health`). */
  readonly routeFunctions = new Map<string, ArgusFunction>();
  /** The Lambda authorizer's function, once a `jwt-or-key` route asked for it. */
  authorizerFunction?: ArgusFunction;
  /** The `$default` route's function: 404/405 in the contract's body for whatever no route matches. */
  unmatchedFunction!: ArgusFunction;
  private jwtAuthorizer?: authorizers.HttpJwtAuthorizer;
  private lambdaAuthorizer?: authorizers.HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, private readonly props: HttpApiProps) {
    super(scope, id);
    const { config } = props.binding;

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `argus-${config.stage}`,
      description: `Argus public API (${config.stage})`,
      createDefaultStage: false,
      corsPreflight: corsPreflight(config.allowedOrigins, props.routes),
    });

    const accessLogs = stageLogGroup(this, 'AccessLogs', config);
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.addUnmatchedRoute();
  }

  /** `$default`: whatever no route matches gets the contract's 405 (with `Allow`) or 404 instead of API Gateway's bare 404. */
  private addUnmatchedRoute(): void {
    const fn = (this.unmatchedFunction = new ArgusFunction(this, 'Unmatched', { binding: this.props.binding, handler: UNMATCHED_ROUTE_HANDLER, access: {}, timeout: API_FUNCTION_TIMEOUT }));
    const route = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new integrations.HttpLambdaIntegration('Unmatched-Integration', fn.function),
    });
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The catch-all route only answers 404/405 in the contract error body; it reads and writes nothing.',
    });
  }

  /**
   * One route-table entry: its function, role, invoke permission, integration and route, created under `scope` (the
   * nested stack of its area, see stacks/route-area-stack.ts), on this API with its authorizers, which stay here.
   */
  addRoute(scope: Construct, route: RouteDef): void {
    const routeKey = `${route.method} ${route.path}`;
    if (this.routeFunctions.has(routeKey)) throw new Error(`Route table lists ${routeKey} twice`);
    const id = routeConstructId(route);
    const fn = new ArgusFunction(scope, id, {
      binding: this.props.binding,
      handler: route.handler,
      access: route.access,
      timeout: API_FUNCTION_TIMEOUT,
    });
    this.routeFunctions.set(routeKey, fn);

    // As HttpApi.addRoutes builds it, but in `scope`: the integration and the permission go where the route is.
    const httpRoute = new apigw.HttpRoute(scope, `${route.method}${route.path}`, {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
      integration: new integrations.HttpLambdaIntegration(`${id}-Integration`, fn.function),
      ...this.authorization(route),
    });
    if (route.auth === 'none') {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${routeKey} is public by contract (CONTRACT section 3: health, plans, auth, Stripe webhook, license validation); the handler authenticates what it must itself (e.g. the webhook signature).`,
      });
    }
  }

  private authorization(route: RouteDef): Pick<apigw.HttpRouteProps, 'authorizer' | 'authorizationScopes'> {
    switch (route.auth) {
      case 'none':
        return { authorizer: new apigw.HttpNoneAuthorizer() };
      case 'jwt':
        return { authorizer: this.jwt(), authorizationScopes: [COGNITO_ACCESS_TOKEN_SCOPE] };
      case 'jwt-or-key':
        return { authorizer: this.tokenOrKey() };
    }
  }

  private jwt(): authorizers.HttpJwtAuthorizer {
    const { resources } = this.props.binding;
    this.jwtAuthorizer ??= new authorizers.HttpJwtAuthorizer('CognitoAccessToken', resources.cognitoIssuer, {
      jwtAudience: [resources.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    return this.jwtAuthorizer;
  }

  /** Created on first use, so the stack needs functions/authorizer only once a route asks for it. */
  private tokenOrKey(): authorizers.HttpLambdaAuthorizer {
    if (!this.lambdaAuthorizer) {
      const fn = (this.authorizerFunction = new ArgusFunction(this, 'Authorizer', {
        binding: this.props.binding,
        handler: AUTHORIZER_HANDLER,
        access: authorizer.access,
        timeout: API_FUNCTION_TIMEOUT,
      }));
      this.lambdaAuthorizer = new authorizers.HttpLambdaAuthorizer('TokenOrApiKey', fn.function, {
        responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
        // Cached per Authorization header across all routes, so the authorizer must stay route-independent: it
        // resolves who the caller is, and handlers check key scopes and org roles (add '$context.routeKey' here
        // before ever making it decide per route). Without the header API Gateway answers 401 itself.
        identitySource: ['$request.header.Authorization'],
        resultsCacheTtl: Duration.seconds(this.props.binding.config.authorizerCacheSeconds),
      });
    }
    return this.lambdaAuthorizer;
  }
}
