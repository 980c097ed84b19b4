import { UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

const cents = (amount: string) => `$${(Number(amount) / 100).toFixed(2)}`;

export const orgsShow: CliCommand = {
  name: 'orgs show',
  summary: "one org at a glance: plan, subscription status and period, members, override, this period's usage, credits",
  usage: '<orgId>',
  options: {},
  examples: ['npx argus orgs show org_123', 'npx argus orgs show org_123 --json | jq .usage'],
  async run({ positionals }) {
    const [orgId] = positionals;
    if (!orgId || positionals.length > 1) throw new UsageError('give one org id');
    const target = resolveTarget();
    // Imported after the target is resolved: shared/db reads TABLE_NAME when it loads.
    const { orgSummary } = require('../../shared/operator/org-summary') as typeof import('../../shared/operator/org-summary');
    const s = await orgSummary(orgId);
    const sub = s.subscription;
    const lines = [
      `${s.org.name} (${s.org.id}, ${target.kind}) — created ${s.org.createdAt}`,
      `plan:      ${sub.planId} (${sub.interval}ly, catalog v${sub.catalogVersion}), ${sub.status}${sub.cancelAtPeriodEnd ? ', cancels at period end' : ''}${sub.trialEnd ? `, trial ends ${sub.trialEnd}` : ''}`,
      `period:    ${s.period.start} to ${s.period.end}`,
      `members:   ${s.members}`,
      `override:  ${s.override ? JSON.stringify(s.override) : 'none'}`,
      'usage:',
      ...s.usage.map((u) => `  ${u.metric.padEnd(18)} ${u.used} of ${u.included} (${u.percent}%, ${u.capType})${u.overage ? `, overage ${u.overage} = ${cents(u.overageAmount.amount)}` : ''}`),
      `credits:   ${Object.entries(s.credits).map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}`,
    ];
    return { json: s, text: lines.join('\n') };
  },
};
