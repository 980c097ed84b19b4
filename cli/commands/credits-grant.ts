import { argusRequest } from '../../shared/client/argus-client';
import { requireString, UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

const METRIC_NAMES = ['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb'];

/**
 * `argus credits grant`: the operator's grant, through the API's own route (POST /v1/orgs/{orgId}/credits) with the
 * platform service key, so it is the same function with the same rules: idempotent on --id, its audit entry and its
 * `credits.granted` event (which only the API's bus reaches, locally too).
 */
export const creditsGrant: CliCommand = {
  name: 'credits grant',
  summary: "grant prepaid credits to an org's metric (idempotent on --id)",
  usage: '--org <orgId> --metric <metric> --quantity <n> --id <grantId> --reason <text> [--expires-at <ISO time>]',
  options: {
    org: { type: 'string', help: 'the org to credit' },
    metric: { type: 'string', help: `one of ${METRIC_NAMES.join(', ')}` },
    quantity: { type: 'string', help: 'whole units of the metric' },
    id: { type: 'string', help: 'idempotency id: the same grant again is a no-op, different content is refused' },
    'expires-at': { type: 'string', help: 'when the grant stops counting (ISO-8601); default: never' },
    reason: { type: 'string', help: 'why (kept in the audit log)' },
  },
  examples: [
    'npx argus credits grant --org org_123 --metric api_calls --quantity 1000 --id promo-2026-12 --reason "launch promo"',
    'ARGUS_API_URL=https://api.example.com ARGUS_API_KEY=ak_… npx argus credits grant --org org_123 --metric llm_tokens --quantity 1000000 --id ticket-42 --expires-at 2027-12-31T00:00:00Z --reason "ticket 42" --json',
  ],
  async run(input) {
    const orgId = requireString(input, 'org');
    const metric = requireString(input, 'metric');
    if (!METRIC_NAMES.includes(metric)) throw new UsageError(`--metric must be one of ${METRIC_NAMES.join(', ')}`);
    const quantity = Number(requireString(input, 'quantity'));
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new UsageError('--quantity must be a whole number above 0');
    const id = requireString(input, 'id');
    const reason = requireString(input, 'reason');
    const expiresAt = typeof input.values['expires-at'] === 'string' ? input.values['expires-at'] : undefined;
    if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) throw new UsageError('--expires-at must be an ISO-8601 time');
    const target = resolveTarget();
    if (!target.apiUrl || !target.apiKey) throw new Error('granting needs the API: set ARGUS_API_URL and ARGUS_API_KEY (the platform service key), or run the local stack');
    const grant = await argusRequest<{ id: string; metric: string; quantity: number; remaining: number; expiresAt: string | null }>(
      { baseUrl: target.apiUrl, token: target.apiKey },
      'POST',
      `/v1/orgs/${encodeURIComponent(orgId)}/credits`,
      { id, metric, quantity, reason, ...(expiresAt ? { expiresAt } : {}) },
    );
    return { json: grant, text: `Granted ${grant.quantity} ${grant.metric} to ${orgId} (grant ${grant.id}, ${grant.remaining} remaining, ${grant.expiresAt ? `expires ${grant.expiresAt}` : 'never expires'})` };
  },
};
