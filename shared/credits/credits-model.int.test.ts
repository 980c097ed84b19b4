import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalScheduler } from '../../infra/local/emulators/scheduler';
import { localStack } from '../../infra/local/testing/local-stack';

/**
 * A fast-check property over interleavings of reported usage (the aggregator's group write), consumes, holds
 * (reserve / commit / release, expiry), grants (with and without expiry) and the clock, run against the real code on
 * the test stack's DynamoDB Local, compared step by step with a simple model of CONTRACT §3 Credits and Holds:
 * included first, then grants soonest expiry first, then (soft caps, reported usage) billed overage.
 */

interface ModelGrant {
  id: string;
  remaining: number;
  expiresAtMs?: number;
  order: number;
}
interface ModelHold {
  key: string;
  quantity: number;
  spends: { id: string; amount: number }[];
  status: 'held' | 'committed' | 'released';
  expiresAtMs: number;
  committed?: number;
}

class Model {
  used = 0;
  held = 0;
  credited = 0;
  heldCredited = 0;
  grants: ModelGrant[] = [];
  holds: ModelHold[] = [];
  constructor(readonly included: number, readonly hard: boolean) {}
  get net(): number {
    return this.used + this.held - this.credited - this.heldCredited;
  }
  active(now: number): ModelGrant[] {
    return this.grants.filter((g) => g.remaining > 0 && (g.expiresAtMs === undefined || g.expiresAtMs > now)).sort((a, b) => (a.expiresAtMs ?? Infinity) - (b.expiresAtMs ?? Infinity) || a.order - b.order);
  }
  balance(now: number): number {
    return this.active(now).reduce((s, g) => s + g.remaining, 0);
  }
  billed(): number {
    return this.hard ? 0 : Math.max(0, this.used - this.credited - this.included);
  }
  /** Pays `q` more: included room, then credits; undefined when `refuse` and credits fall short. */
  pay(q: number, now: number, refuse: boolean): { covered: number; spends: { id: string; amount: number }[] } | undefined {
    let need = q - Math.min(q, Math.max(0, this.included - this.net));
    if (refuse && need > this.balance(now)) return undefined;
    const spends: { id: string; amount: number }[] = [];
    for (const g of this.active(now)) {
      if (need <= 0) break;
      const amount = Math.min(need, g.remaining);
      g.remaining -= amount;
      need -= amount;
      spends.push({ id: g.id, amount });
    }
    return { covered: spends.reduce((s, x) => s + x.amount, 0), spends };
  }
  releaseExpired(now: number): void {
    for (const h of this.holds) if (h.status === 'held' && h.expiresAtMs <= now) this.release(h);
  }
  release(h: ModelHold): void {
    const pulled = h.spends.reduce((s, x) => s + x.amount, 0);
    this.held -= h.quantity;
    this.heldCredited -= pulled;
    for (const s of h.spends) this.grants.find((g) => g.id === s.id)!.remaining += s.amount;
    h.status = 'released';
  }
  use(q: number, now: number, refuse: boolean): boolean {
    let paid = this.pay(q, now, refuse);
    if (!paid && refuse) {
      this.releaseExpired(now);
      paid = this.pay(q, now, refuse);
    }
    if (!paid) return false;
    this.used += q;
    this.credited += paid.covered;
    return true;
  }
}

type Op =
  | { kind: 'grant'; quantity: number; expiresIn: number | null }
  | { kind: 'consume'; quantity: number }
  | { kind: 'retry' }
  | { kind: 'ingest'; quantity: number }
  | { kind: 'reserve'; quantity: number; ttl: number }
  | { kind: 'commit'; hold: number; quantity: number }
  | { kind: 'release'; hold: number }
  | { kind: 'advance'; seconds: number };

function ops(scale: number): fc.Arbitrary<Op[]> {
  const q = fc.integer({ min: 1, max: scale });
  return fc.array(
    fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('grant' as const), quantity: q, expiresIn: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('consume' as const), quantity: q }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('ingest' as const), quantity: q }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('reserve' as const), quantity: q, ttl: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), hold: fc.nat(), quantity: fc.integer({ min: 1, max: scale * 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), hold: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 45 }) }) },
    ),
    { minLength: 4, maxLength: 14 },
  );
}

describe('credits and holds against a simple model (fast-check, real DynamoDB)', () => {
  let mods: Awaited<ReturnType<typeof load>>;
  // Reserves schedule their release through the SDK; here a scheduler that records and never fires, so only the
  // model's simulated clock expires holds (the stack's own scheduler would release them by the real clock).
  const scheduler = new LocalScheduler(path.join(mkdtempSync(path.join(tmpdir(), 'argus-sched-')), 'scheduler.json'), async () => undefined);
  afterAll(() => scheduler.close());

  async function load() {
    const info = localStack();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SCHEDULER: await scheduler.listen(0), HOLD_EXPIRY_GROUP: 'model-holds', HOLD_EXPIRY_TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:model', HOLD_EXPIRY_ROLE_ARN: 'arn:aws:iam::000000000000:role/model',
      TABLE_NAME: info.dynamodb.tableName, AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb.endpoint, AWS_REGION: info.region,
      AWS_ACCESS_KEY_ID: info.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_EVENTBRIDGE: info.eventBridge.endpoint, EVENT_BUS_NAME: info.eventBridge.busName, PAST_DUE_GRACE_DAYS: process.env.PAST_DUE_GRACE_DAYS ?? '3',
    });
    const [{ ddb, tableName }, lib, grants, record, reserveMod, settle, group, period, orgPeriods, spendItems, checkQuota] = await Promise.all([
      import('../db/client'), import('@aws-sdk/lib-dynamodb'), import('./grants'), import('../quota/record-consumption'), import('../holds/reserve'),
      import('../holds/settle-hold'), import('../usage/write-group'), import('../usage/period'), import('../usage/org-periods'), import('./spend-items'),
      import('../quota/check-quota'),
    ]);
    return { ddb, tableName, lib, grants, record, reserveMod, settle, group, period, orgPeriods, spendItems, checkQuota };
  }

  beforeAll(async () => {
    mods = await load();
  });

  async function run(planId: 'explorer' | 'professional', metric: 'agent_executions', included: number, hard: boolean, list: Op[]): Promise<void> {
    const { ddb, tableName, lib, grants, record, reserveMod, settle, group, period, orgPeriods, spendItems, checkQuota } = mods;
    const orgId = `org_prop${randomBytes(8).toString('hex')}`;
    const start = new Date();
    const monthStart = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
    // Far enough from the month's end that the steps stay in one period.
    let now = Math.min(start.getTime(), monthStart + 20 * 86_400_000);
    const anchor = new Date(monthStart).toISOString();
    await ddb.send(new lib.PutCommand({ TableName: tableName, Item: { PK: `ORG#${orgId}`, SK: 'ORG', type: 'org', id: orgId, name: 'prop', slug: orgId, planId, createdAt: anchor, ...(planId !== 'explorer' ? { subscriptionStatus: 'active', billingAnchor: anchor } : {}) } }));
    const org = (await import('../db/orgs')).getOrg;
    const placed = orgPeriods.placedPeriodAt((await org(orgId))!, new Date(now));
    const model = new Model(included, hard);
    const holdIds: { holdId: string; model: ModelHold }[] = [];
    const consumed: { id: string; quantity: number }[] = [];
    let n = 0;
    for (const op of list) {
      n++;
      const at = new Date(now);
      switch (op.kind) {
        case 'grant': {
          const id = `g${n}`;
          const expiresAtMs = op.expiresIn === null ? undefined : now + op.expiresIn * 1000;
          await grants.grantCredits({ orgId, grantId: id, metric, quantity: op.quantity, expiresAt: expiresAtMs === undefined ? null : new Date(expiresAtMs).toISOString(), source: 'grant', actor: { type: 'system', id: 'prop' }, at });
          model.grants.push({ id, remaining: op.quantity, expiresAtMs, order: n });
          break;
        }
        case 'consume': {
          const id = `c${n}`;
          const outcome = await record.recordConsumption({ orgId, metric, quantity: op.quantity, eventId: id, period: placed, at, included, hard, provisional: planId === 'explorer' });
          let real = outcome;
          if (outcome === 'over_cap' && hard) {
            // What quota check does on a refusal: release expired holds, then try once more.
            const { releaseExpiredHolds } = await import('../holds/expire-holds');
            if ((await releaseExpiredHolds(orgId, placed.start, metric, at)) > 0) real = await record.recordConsumption({ orgId, metric, quantity: op.quantity, eventId: id, period: placed, at, included, hard, provisional: planId === 'explorer' });
          }
          const allowed = model.use(op.quantity, now, hard);
          expect(real === 'recorded').toBe(allowed);
          if (allowed) consumed.push({ id, quantity: op.quantity });
          break;
        }
        case 'retry': {
          const prior = consumed[n % Math.max(1, consumed.length)];
          if (!prior) break;
          expect(await record.recordConsumption({ orgId, metric, quantity: prior.quantity, eventId: prior.id, period: placed, at, included, hard })).toBe('duplicate');
          break;
        }
        case 'ingest': {
          const id = `i${n}`;
          await group.writeUsageGroup(
            { orgId, metric, aggregation: 'sum', period: placed, planId, events: [{ id, orgId, metric, quantity: op.quantity, timestamp: at.toISOString(), bucket: period.dailyBucketStart(at, placed), source: 'prop' }] },
            at,
          );
          model.use(op.quantity, now, false);
          break;
        }
        case 'reserve': {
          const answer = await reserveMod.reserve({ orgId, metric, quantity: op.quantity, id: `r${n}`, ttlSeconds: op.ttl }, at);
          let paid = model.pay(op.quantity, now, hard);
          if (!paid && hard) {
            model.releaseExpired(now);
            paid = model.pay(op.quantity, now, hard);
          }
          expect(answer.reserved).toBe(paid !== undefined);
          if (paid && answer.holdId) {
            const h: ModelHold = { key: answer.holdId, quantity: op.quantity, spends: paid.spends, status: 'held', expiresAtMs: now + op.ttl * 1000 };
            model.held += op.quantity;
            model.heldCredited += paid.covered;
            model.holds.push(h);
            holdIds.push({ holdId: answer.holdId, model: h });
          }
          break;
        }
        case 'commit': {
          const target = holdIds[op.hold % Math.max(1, holdIds.length)];
          if (!target) break;
          const stored = (await (await import('../holds/hold-items')).getHold(target.holdId))!;
          const h = target.model;
          let status: number;
          try {
            await settle.commitHold(stored, op.quantity, at);
            status = 200;
          } catch (error) {
            status = (error as { statusCode?: number }).statusCode ?? 500;
          }
          if (h.status === 'held' && h.expiresAtMs <= now) {
            model.release(h);
            expect(status).toBe(409);
          } else if (h.status === 'held') {
            expect(status).toBe(200);
            const pulled = h.spends.reduce((s, x) => s + x.amount, 0);
            const c = op.quantity;
            if (c <= h.quantity) {
              const kept = Math.min(pulled, Math.max(0, c - (h.quantity - pulled)));
              let refund = pulled - kept;
              for (const s of [...h.spends].reverse()) {
                const back = Math.min(refund, s.amount);
                model.grants.find((g) => g.id === s.id)!.remaining += back;
                refund -= back;
              }
              model.used += c;
              model.held -= h.quantity;
              model.credited += kept;
              model.heldCredited -= pulled;
            } else {
              model.held -= h.quantity;
              model.heldCredited -= pulled;
              // The hold's own quantity is kept whole (its credits stay spent); the excess is paid like reported usage.
              model.used += h.quantity;
              model.credited += pulled;
              model.use(c - h.quantity, now, false);
            }
            h.status = 'committed';
            h.committed = c;
          } else {
            expect(status).toBe(h.status === 'committed' && h.committed === op.quantity ? 200 : 409);
          }
          break;
        }
        case 'release': {
          const target = holdIds[op.hold % Math.max(1, holdIds.length)];
          if (!target) break;
          const stored = (await (await import('../holds/hold-items')).getHold(target.holdId))!;
          let status = 204;
          try {
            await settle.releaseHold(stored, at);
          } catch (error) {
            status = (error as { statusCode?: number }).statusCode ?? 500;
          }
          if (target.model.status === 'held') model.release(target.model);
          expect(status).toBe(target.model.status === 'committed' ? 409 : 204);
          break;
        }
        case 'advance':
          now += op.seconds * 1000;
          break;
      }
      const counter = await spendItems.readCounterState(orgId, placed.start, metric);
      const real = { used: counter.used, held: counter.held, balance: await checkQuota.creditBalance(orgId, metric, new Date(now)), billed: hard ? 0 : Math.max(0, counter.used - counter.credited - included) };
      expect({ step: n, op, ...real }).toEqual({ step: n, op, used: model.used, held: model.held, balance: model.balance(now), billed: model.billed() });
    }
  }

  it('hard cap (explorer, agent_executions: 100 included): refusals, used, held and the balance follow the model', async () => {
    await fc.assert(fc.asyncProperty(ops(60), (list) => run('explorer', 'agent_executions', 100, true, list)), { numRuns: 12 });
  }, 240_000);

  it('soft cap (professional, agent_executions: 5,000 included): the billed overage is usage past included and credits', async () => {
    await fc.assert(fc.asyncProperty(ops(3000), (list) => run('professional', 'agent_executions', 5000, false, list)), { numRuns: 12 });
  }, 240_000);
});
