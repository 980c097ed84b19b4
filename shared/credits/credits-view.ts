import type { Identity } from '../auth/identity';
import { auditActor } from '../audit/audit-log';
import { getOrg } from '../db/orgs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import type { Metric } from '../plans/catalog';
import { metricIds } from '../plans/catalog';
import { quantityProblem } from '../usage/quantity-bounds';
import { creditBalances, grantCredits, grantKeys, listGrants, type CreditGrant } from './grants';

export interface GrantView {
  id: string;
  metric: Metric;
  quantity: number;
  remaining: number;
  expiresAt: string | null;
  source: CreditGrant['source'];
  createdAt: string;
}

export interface CreditsView {
  balances: Record<string, number>;
  grants: GrantView[];
  nextCursor: string | null;
}

export function grantView(g: CreditGrant): GrantView {
  return { id: g.id, metric: g.metric, quantity: g.quantity, remaining: g.remaining, expiresAt: g.expiresAt, source: g.source, createdAt: g.createdAt };
}

/** GET /v1/orgs/{orgId}/credits: the spendable balance per metric (every metric, 0 without credits) and one page of grants. */
export async function creditsOf(orgId: string, query: PageQuery, now = new Date()): Promise<CreditsView> {
  const [balances, page] = await Promise.all([creditBalances(orgId, now), listGrants(orgId, query.limit, decodeCursor(query.cursor, grantKeys.prefix))]);
  const all = Object.fromEntries(metricIds.map((m) => [m, 0]));
  return { balances: { ...all, ...balances }, grants: page.grants.map(grantView), nextCursor: encodeCursor(page.after) };
}

export interface OperatorGrantInput {
  id: string;
  metric: Metric;
  quantity: number;
  expiresAt?: string;
  reason: string;
}

/**
 * POST /v1/orgs/{orgId}/credits (the platform service key only; the CLI's `credits grant` calls this too): a grant
 * idempotent on `id` — 201 created, 200 the same grant again, 409 the id with another metric, quantity or expiry.
 */
export async function grantAsOperator(identity: Identity, orgId: string, input: OperatorGrantInput, now = new Date()): Promise<{ status: 200 | 201; grant: GrantView }> {
  if (identity.kind !== 'key' || identity.orgId !== null) throw new ForbiddenError('Granting credits needs the platform service key');
  const problem = quantityProblem(input.metric, input.quantity);
  if (problem) throw new ValidationError([{ path: 'body.quantity', message: problem }]);
  if (!Number.isInteger(input.quantity)) throw new ValidationError([{ path: 'body.quantity', message: 'credits are whole units' }]);
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) throw new ValidationError([{ path: 'body.expiresAt', message: 'must lie in the future' }]);
  if (!(await getOrg(orgId))) throw new NotFoundError('Org not found');
  const outcome = await grantCredits({
    orgId, grantId: input.id, metric: input.metric, quantity: input.quantity, expiresAt: input.expiresAt ?? null, source: 'grant', reason: input.reason, actor: auditActor(identity), at: now,
  });
  if (outcome.outcome === 'conflict') throw new ConflictError(`Grant id "${input.id}" was already used with a different metric, quantity or expiry`);
  return { status: outcome.outcome === 'created' ? 201 : 200, grant: grantView(outcome.grant) };
}
