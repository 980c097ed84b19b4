import { SQSClient } from '@aws-sdk/client-sqs';
import { eventually, localStack } from '../../infra/local/testing/local-stack';
import { newUser, serviceApiKey } from '../../infra/local/testing/users';
import { ArgusClient } from './argus-client';
import { recordUsageViaSqs } from './usage-queue';

/** The client against the local stack: usage over SQS and HTTP and quota consumes share one idempotency key space. */
describe('ArgusClient against the local stack', () => {
  it('counts an event id once whether it came over SQS, HTTP or a quota consume', async () => {
    const info = localStack();
    const { orgId } = await newUser();
    const client = new ArgusClient({ baseUrl: info.apiUrl, token: serviceApiKey() });
    const sqs = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials } });
    try {
      const event = (id: string, quantity: number) => ({ id, orgId, metric: 'agent_executions' as const, quantity });
      await recordUsageViaSqs(sqs, info.sqs.usageQueueUrl, [event('a', 2), event('b', 3), event('a', 2)]);
      const viaSqs = await eventually(() => client.quotaCheck({ orgId, metric: 'agent_executions', quantity: 1 }), (r) => r.used === 5);
      expect(viaSqs).toMatchObject({ used: 5, remaining: 95, allowed: true });

      expect(await client.recordUsage([event('b', 3), event('c', 4)])).toEqual({ accepted: 2, rejected: [] });
      const viaHttp = await eventually(() => client.quotaCheck({ orgId, metric: 'agent_executions', quantity: 1 }), (r) => r.used === 9);
      expect(viaHttp.used).toBe(9);

      // A consume reusing an id the queue already counted is a retry: answered allowed, counted no more.
      expect(await client.quotaCheck({ orgId, metric: 'agent_executions', quantity: 4, consume: true, id: 'c' })).toMatchObject({ allowed: true, used: 9 });
      expect(await client.quotaCheck({ orgId, metric: 'agent_executions', quantity: 1, consume: true, id: 'd' })).toMatchObject({ allowed: true, used: 10 });

      expect(await client.entitlementCheck({ orgId, feature: 'api_access' })).toMatchObject({ allowed: true, planId: 'explorer' });
      expect(await client.entitlementCheck({ orgId, feature: 'webhooks' })).toMatchObject({ allowed: false, planId: 'explorer' });
    } finally {
      sqs.destroy();
    }
  });
});
