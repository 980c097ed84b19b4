import { UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

const list = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

function pairs(values: string[], option: string): Array<[string, string]> {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`--${option} takes metric=value (got "${v}")`);
    return [v.slice(0, at), v.slice(at + 1)];
  });
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${option} takes a whole number above 0 (got "${value}")`);
  return n;
}

export const orgsOverride: CliCommand = {
  name: 'orgs override',
  summary: "set one org's own allowances, seats, rate limit or features (an enterprise deal); recorded in its audit log",
  usage: '<orgId> [--included metric=N]... [--cap metric=hard|soft]... [--seats N|unlimited] [--rate-limit N] [--add-feature f]... [--remove-feature f]... [--clear] [--reason text]',
  options: {
    included: { type: 'string', multiple: true, help: 'a metric\'s included amount per period: metric=N (repeatable)' },
    cap: { type: 'string', multiple: true, help: 'a metric\'s cap type: metric=hard|soft (repeatable)' },
    seats: { type: 'string', help: 'seats included: a number, or "unlimited"' },
    'rate-limit': { type: 'string', help: 'requests per minute' },
    'add-feature': { type: 'string', multiple: true, help: 'grant a feature the plan lacks (repeatable)' },
    'remove-feature': { type: 'string', multiple: true, help: 'withhold a feature the plan has (repeatable)' },
    clear: { type: 'boolean', help: 'remove the override: the org follows its plan again' },
    reason: { type: 'string', help: 'why (kept in the audit entry)' },
  },
  examples: [
    'npx argus orgs override org_123 --included llm_tokens=50000000 --seats unlimited --reason "ACME deal 2027"',
    'npx argus orgs override org_123 --add-feature white_label --rate-limit 20000',
    'npx argus orgs override org_123 --clear --json',
  ],
  async run({ positionals, values }) {
    const [orgId] = positionals;
    if (!orgId || positionals.length > 1) throw new UsageError('give one org id');
    const included = Object.fromEntries(
      pairs(list(values.included), 'included').map(([m, v]) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new UsageError(`--included ${m}= takes a number of at least 0`);
        return [m, n];
      }),
    );
    const capType = Object.fromEntries(
      pairs(list(values.cap), 'cap').map(([m, v]) => {
        if (v !== 'hard' && v !== 'soft') throw new UsageError(`--cap ${m}= takes hard or soft`);
        return [m, v as 'hard' | 'soft'];
      }),
    );
    const seats = typeof values.seats === 'string' ? (values.seats === 'unlimited' ? null : positiveInt(values.seats, 'seats')) : undefined;
    const requestsPerMinute = typeof values['rate-limit'] === 'string' ? positiveInt(values['rate-limit'], 'rate-limit') : undefined;
    const changes = { included, capType, seats, requestsPerMinute, addFeatures: list(values['add-feature']), removeFeatures: list(values['remove-feature']) };
    const clear = values.clear === true;
    const changing = Object.keys(included).length || Object.keys(capType).length || seats !== undefined || requestsPerMinute !== undefined || changes.addFeatures.length || changes.removeFeatures.length;
    if (clear && changing) throw new UsageError('--clear takes no other change');
    if (!clear && !changing) throw new UsageError('say what to override (or --clear)');
    const target = resolveTarget();
    // Imported after the target is resolved: shared/db reads TABLE_NAME when it loads.
    const { changeOrgOverride } = require('../../shared/operator/org-override') as typeof import('../../shared/operator/org-override');
    const { mergeOverride } = require('../../shared/plans/plan-override') as typeof import('../../shared/plans/plan-override');
    const actor = { type: 'operator' as const, id: `cli:${process.env.USER ?? 'operator'}` };
    const reason = typeof values.reason === 'string' ? values.reason : undefined;
    const { before, after } = await changeOrgOverride(orgId, (current) => (clear ? null : mergeOverride(current, changes)), actor, reason);
    return {
      json: { orgId, before, after },
      text: after ? `Override of ${orgId} (${target.kind}) is now:\n${JSON.stringify(after, null, 2)}` : `Override of ${orgId} removed: it follows its plan again`,
    };
  },
};
