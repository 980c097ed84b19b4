import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type ArgusOverrides, type ArgusStacks, addArgus } from '../stacks/argus';
import type { ConsumerDef, RouteDef, ScheduleDef } from '../routes';

export const FIXTURE_FUNCTIONS = path.join(__dirname, 'fixtures', 'functions');

/**
 * An app for one stage with asset bundling skipped (fast; handler files only need to exist). `stateless$` is the
 * stateless stack with its nested stacks (the route areas) merged in: every resource of the code tier in one template.
 */
export function synthArgus(stage: unknown, overrides: ArgusOverrides = {}): ArgusStacks & { app: App; stateful$: Template; stateless$: Template } {
  const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
  const stacks = addArgus(app, overrides);
  return { ...stacks, app, stateful$: Template.fromStack(stacks.stateful), stateless$: withNestedStacks(stacks.stateless) };
}

/** A stack and every stack nested in it (depth first). */
export function stackAndNested(stack: Stack): Stack[] {
  const nested = stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c !== stack && c.nestedStackParent === stack);
  return [stack, ...nested.flatMap(stackAndNested)];
}

/**
 * One template holding the resources of `stack` and of its nested stacks (logical ids are unique across them: each
 * is a construct path; a clash fails). Outputs and parameters are the top-level stack's.
 */
export function withNestedStacks(stack: Stack): Template {
  const top = Template.fromStack(stack).toJSON();
  const resources: Record<string, unknown> = {};
  for (const s of stackAndNested(stack)) {
    for (const [id, resource] of Object.entries(Template.fromStack(s).toJSON().Resources ?? {})) {
      if (id in resources) throw new Error(`logical id ${id} is in two templates`);
      resources[id] = resource;
    }
  }
  return Template.fromJSON({ ...top, Resources: resources });
}

/** Tables covering every kind of entry, all served by fixture handlers. */
export const SAMPLE_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/health', handler: 'stub', auth: 'none', access: {} },
  { method: 'POST', path: '/v1/webhooks/stripe', handler: 'stub', auth: 'none', rawBody: true, access: { tableWrites: ['rate-counters'], queues: ['webhooks'], secrets: ['stripeWebhookSecret'] } },
  { method: 'GET', path: '/v1/me', handler: 'stub', auth: 'jwt', access: { table: 'write', cognito: ['AdminGetUser'], buckets: { sync: 'read' } } },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/members/{userId}', handler: 'stub', auth: 'jwt', role: 'admin', access: { table: 'write', mail: true } },
  { method: 'POST', path: '/v1/usage', handler: 'stub', auth: 'jwt-or-key', scopes: ['usage:write'], access: { table: 'read', tableWrites: ['rate-counters'], queues: ['usage'], buckets: { analytics: 'write' } } },
  { method: 'POST', path: '/v1/quota/check', handler: 'stub', auth: 'jwt-or-key', scopes: ['quota:check'], access: { table: 'write', events: true } },
];
export const SAMPLE_CONSUMERS: ConsumerDef[] = [
  { handler: 'stub', queue: 'usage', batchSize: 100, maxBatchingWindowSeconds: 2, access: { table: 'write', queues: ['usage-dlq'], events: true } },
  { handler: 'stub', queue: 'webhooks', batchSize: 10, maxBatchingWindowSeconds: 0, access: { table: 'write', secrets: ['stripeApiKey'], events: true } },
];
export const SAMPLE_SCHEDULES: ScheduleDef[] = [{ handler: 'stub', everyMinutes: 5, access: { table: 'write', secrets: ['stripeApiKey'], buckets: { sync: 'readwrite' } } }];

export const SAMPLE_TABLES: ArgusOverrides = {
  routes: SAMPLE_ROUTES,
  consumers: SAMPLE_CONSUMERS,
  schedules: SAMPLE_SCHEDULES,
  functionsDir: FIXTURE_FUNCTIONS,
};
