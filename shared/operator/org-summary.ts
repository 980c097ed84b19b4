import { getSubscription } from '../billing/get-subscription';
import type { SubscriptionView } from '../billing/subscription-state';
import { creditBalances } from '../credits/grants';
import { getOrg } from '../db/orgs';
import { NotFoundError } from '../errors';
import type { PlanOverride } from '../plans/plan-override';
import { usageSummary, type MetricUsage } from '../usage/read-usage';

/** What an operator sees of one org (`argus orgs show`): the same reads the API's org, subscription, usage and credits routes make. */
export interface OrgSummary {
  org: { id: string; name: string; slug: string; createdAt: string };
  subscription: SubscriptionView;
  /** The usage period in force now (explorer: the calendar month, cut short where a paid subscription starts). */
  period: { start: string; end: string };
  members: number;
  /** The operator's per-org terms on top of the plan (`argus orgs override`), or null. */
  override: PlanOverride | null;
  usage: Pick<MetricUsage, 'metric' | 'used' | 'included' | 'remaining' | 'percent' | 'capType' | 'overage' | 'overageAmount'>[];
  /** Spendable prepaid credits per metric (active grants). */
  credits: Record<string, number>;
}

export async function orgSummary(orgId: string, now = new Date()): Promise<OrgSummary> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError(`No org ${orgId}`);
  const [subscription, usage, credits] = await Promise.all([getSubscription(orgId), usageSummary(orgId, { period: 'current' }, now), creditBalances(orgId, now)]);
  return {
    org: { id: org.id, name: org.name, slug: org.slug, createdAt: org.createdAt },
    subscription,
    period: usage.period,
    members: org.memberCount ?? 0,
    override: org.planOverride ?? null,
    usage: usage.metrics.map(({ metric, used, included, remaining, percent, capType, overage, overageAmount }) => ({ metric, used, included, remaining, percent, capType, overage, overageAmount })),
    credits,
  };
}
