import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { HttpApi } from '../constructs/http-api';
import type { RouteArea, RouteDef } from '../routes';

export interface RouteAreaStackProps extends NestedStackProps {
  area: RouteArea;
  httpApi: HttpApi;
  /** This area's entries of the route table. */
  routes: readonly RouteDef[];
}

/**
 * One area of the route table (ROUTE_AREAS in infra/routes.ts): each route's function, role, policy, invoke permission,
 * integration and route, attached to the stateless stack's HTTP API and authorizers. A nested stack per area keeps
 * every template far below CloudFormation's 500 resources, and an area's growth to itself.
 */
export class RouteAreaStack extends NestedStack {
  constructor(scope: Construct, id: string, props: RouteAreaStackProps) {
    super(scope, id, { ...props, description: `Argus routes: ${props.area}` });
    for (const route of props.routes) props.httpApi.addRoute(this, route);
  }
}
