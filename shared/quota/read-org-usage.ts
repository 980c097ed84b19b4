import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { getOrg, orgFromItem, orgKeys, type Org } from '../db/orgs';
import { usageKeys } from '../db/usage-keys';
import { billingPeriodAt, type PeriodOrg } from '../usage/org-periods';
import type { BillingPeriod } from '../usage/period';
import { readUsed } from './read-used';
import { counterRead } from '../credits/spend-items';
import type { QuotaUsage } from './quota-answer';

/**
 * The billing-period inputs last seen per org (plan and anchor), kept only to guess which counter to read alongside
 * the org. Never trusted: the org is read fresh in the same call and a wrong guess costs one more read.
 */
const lastSeen = new Map<string, PeriodOrg>();
const MAX_REMEMBERED = 10_000;

export interface OrgUsage extends QuotaUsage {
  org: Org;
  period: BillingPeriod;
  held: number;
}

/**
 * The org and its period counter for `metric` in one strongly consistent BatchGetItem (one round trip instead of
 * two in a row): the counter's key depends on the org's period, which is guessed from the last time this container
 * saw the org (calendar month otherwise) and checked against the org just read.
 */
export async function readOrgUsage(orgId: string, metric: string, now: Date): Promise<OrgUsage | undefined> {
  const guess = billingPeriodAt(lastSeen.get(orgId) ?? { planId: '', billingAnchor: undefined }, now);
  const orgKey = { PK: orgKeys.pk(orgId), SK: orgKeys.sk() };
  const counterKey = usageKeys.counter(orgId, guess.start, metric);
  const res = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [orgKey, counterKey], ConsistentRead: true } } }));
  if (res.UnprocessedKeys?.[tableName]?.Keys?.length) return readSeparately(orgId, metric, now);
  const items = res.Responses?.[tableName] ?? [];
  const orgItem = items.find((item) => item.SK === orgKey.SK);
  if (!orgItem) return undefined;
  const org = orgFromItem(orgItem);
  remember(org);
  const period = billingPeriodAt(org, now);
  if (period.start !== guess.start) return { org, period, ...(await readUsed(orgId, period.start, metric)) };
  const counter = counterRead(items.find((item) => item.SK === counterKey.SK));
  return { org, period, used: counter.used, net: counter.net, held: counter.held };
}

async function readSeparately(orgId: string, metric: string, now: Date): Promise<OrgUsage | undefined> {
  const org = await getOrg(orgId);
  if (!org) return undefined;
  remember(org);
  const period = billingPeriodAt(org, now);
  return { org, period, ...(await readUsed(orgId, period.start, metric)) };
}

function remember(org: Org): void {
  if (lastSeen.size >= MAX_REMEMBERED) lastSeen.clear();
  lastSeen.set(org.id, { planId: org.planId, billingAnchor: org.billingAnchor, periodHistory: org.periodHistory });
}
