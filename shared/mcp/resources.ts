import { listPlans } from '../billing/plans-view';
import { authorizeAs, routeByKey } from '../http/authorize';
import { NotFoundError } from '../errors';
import type { McpContext } from './tool';

/**
 * Resources (CONTRACT §6): the catalog's public facts (what `GET /v1/plans` answers, cut three ways) and one template,
 * an org's current usage, read with the caller checks of `GET /v1/orgs/{orgId}/usage`.
 */
interface StaticResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  read: () => unknown;
}

const STATIC: StaticResource[] = [
  {
    uri: 'argus://config/tiers',
    name: 'tiers',
    title: 'Plans (tiers) and credit packs',
    description: 'Every plan with its prices (Money, integer cents), trial, features, rate limit, seats and per-metric allowances; and the credit packs. The same as GET /v1/plans.',
    read: () => listPlans(),
  },
  {
    uri: 'argus://config/features',
    name: 'features',
    title: 'Features by plan',
    description: 'Each feature and the plans that include it.',
    read: () => {
      const { plans } = listPlans();
      const features = [...new Set(plans.flatMap((p) => p.features))];
      return { features: features.map((feature) => ({ feature, plans: plans.filter((p) => p.features.includes(feature)).map((p) => p.id) })) };
    },
  },
  {
    uri: 'argus://config/rate-limits',
    name: 'rate-limits',
    title: 'Rate limits by plan',
    description: "Each plan's API rate limit (requests per minute per org); a request over it is answered 429 with Retry-After.",
    read: () => ({ rateLimits: listPlans().plans.map((p) => ({ planId: p.id, requestsPerMinute: p.rateLimit.requestsPerMinute })) }),
  },
];

export const USAGE_TEMPLATE = {
  uriTemplate: 'argus://orgs/{orgId}/usage',
  name: 'org-usage',
  title: "An org's usage this period",
  description: "The org's usage per metric in the current billing period (what GET /v1/orgs/{orgId}/usage answers). Needs membership of the org, or a key of it with the read scope.",
  mimeType: 'application/json',
} as const;

const USAGE_URI = /^argus:\/\/orgs\/([^/?#]{1,128})\/usage$/;
const usageTwin = routeByKey('GET /v1/orgs/{orgId}/usage');

export function listResources() {
  return STATIC.map(({ uri, name, title, description }) => ({ uri, name, title, description, mimeType: 'application/json' }));
}

/** A resource's JSON text; an unknown URI is `not_found`, a refused org read throws the twin's refusal. */
export async function readResource(uri: string, ctx: McpContext): Promise<{ uri: string; mimeType: string; text: string }> {
  const fixed = STATIC.find((r) => r.uri === uri);
  if (fixed) return { uri, mimeType: 'application/json', text: JSON.stringify(fixed.read()) };
  const match = USAGE_URI.exec(uri);
  if (!match) throw new NotFoundError(`No resource ${uri.slice(0, 200)}`);
  const orgId = decodeURIComponent(match[1]!);
  await authorizeAs(usageTwin, ctx.identity, orgId);
  const { usageSummary } = await import('../usage/read-usage');
  return { uri, mimeType: 'application/json', text: JSON.stringify(await usageSummary(orgId, { period: 'current' })) };
}
