import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import type { FunctionBinding } from '../constructs/argus-function';
import { HttpApi } from '../constructs/http-api';
import { Operations } from '../constructs/operations';
import { QueueConsumers } from '../constructs/queue-consumers';
import { Schedules } from '../constructs/schedules';
import { HoldExpiry } from '../constructs/hold-expiry';
import { type ConsumerDef, type RouteArea, type RouteDef, type ScheduleDef, consumers, holdExpiryTarget, routeArea, routes, schedules } from '../routes';
import { RouteAreaStack } from './route-area-stack';
import type { StatefulResources } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  resources: StatefulResources;
  /** @default the route table in infra/routes.ts (tests pass their own). */
  routes?: readonly RouteDef[];
  /** @default the consumer table in infra/routes.ts */
  consumers?: readonly ConsumerDef[];
  /** @default the schedule table in infra/routes.ts */
  schedules?: readonly ScheduleDef[];
  /** @default `<repo>/functions` */
  functionsDir?: string;
}

/**
 * Code: the API and its functions, queue consumers, scheduled jobs, alarms and dashboard. Safe to destroy and redeploy at
 * any time. The routes' functions live in one nested stack per route area (route-area-stack.ts); the API, its stage,
 * authorizers and `$default` route, the shared function log group and everything else stay here.
 */
export class StatelessStack extends Stack {
  readonly httpApi: HttpApi;
  /** The routes of each area (infra/routes.ts ROUTE_AREAS), one nested stack each. */
  readonly routeAreas = new Map<RouteArea, RouteAreaStack>();
  readonly consumers: QueueConsumers;
  readonly schedules: Schedules;
  readonly operations: Operations;
  readonly holdExpiry: HoldExpiry;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const binding: FunctionBinding = { config: props.config, resources: props.resources, functionsDir: props.functionsDir };
    // Before the API: the reserve route's function schedules hold releases in its group.
    this.holdExpiry = new HoldExpiry(this, 'HoldExpiry', { binding, target: holdExpiryTarget });
    binding.holdExpiry = this.holdExpiry.ref;

    const routeTable = props.routes ?? routes;
    this.httpApi = new HttpApi(this, 'Http', { binding, routes: routeTable });
    const byArea = new Map<RouteArea, RouteDef[]>();
    for (const route of routeTable) byArea.set(routeArea(route), [...(byArea.get(routeArea(route)) ?? []), route]);
    for (const [area, areaRoutes] of byArea) {
      this.routeAreas.set(area, new RouteAreaStack(this, `${pascal(area)}Routes`, { area, httpApi: this.httpApi, routes: areaRoutes }));
    }
    this.consumers = new QueueConsumers(this, 'Consumers', { binding, consumers: props.consumers ?? consumers });
    this.schedules = new Schedules(this, 'Schedules', { binding, schedules: props.schedules ?? schedules });

    const background = new Map([...this.consumers.functions, ...this.schedules.functions, [holdExpiryTarget.handler, this.holdExpiry.function]]);
    this.operations = new Operations(this, 'Ops', {
      config: props.config,
      resources: props.resources,
      httpApi: this.httpApi,
      functions: [
        ...this.httpApi.routeFunctions.values(),
        ...(this.httpApi.authorizerFunction ? [this.httpApi.authorizerFunction] : []),
        ...background.values(),
      ],
      backgroundFunctions: background,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn, description: 'Subscribe on-call to this topic' });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.stage.url, description: 'Base URL of the HTTP API' });
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
