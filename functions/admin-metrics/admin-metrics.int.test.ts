import { api, eventually } from '../../infra/local/testing/local-stack';
import { subscribe } from '../../infra/local/testing/billing';
import { createApiKey, newUser, serviceApiKey } from '../../infra/local/testing/users';

interface Metrics {
  mrr: { amount: number; currency: string };
  arr: { amount: number; currency: string };
  paidOrgs: number;
  orgsByPlan: Record<string, number>;
  conversionsLast30d: number;
  licenseValidationsLast24h: number;
}

const metrics = async () => {
  const res = await api<Metrics>('/v1/admin/metrics', { token: serviceApiKey() });
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /v1/admin/metrics', () => {
  it('answers only the platform service key: a user token and an org key get 403', async () => {
    const user = await newUser();
    const asUser = await api('/v1/admin/metrics', { token: user.token });
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.code).toBe('forbidden');
    const orgKey = await createApiKey(user.token, user.orgId, ['read']);
    expect((await api('/v1/admin/metrics', { token: orgKey })).status).toBe(403);
    expect((await api('/v1/admin/metrics')).status).toBe(401);
  });

  it('a new Professional subscription adds one paid org, one conversion and $99 of MRR ($1,188 of ARR)', async () => {
    const before = await metrics();
    const user = await newUser();
    await subscribe(user, 'professional');
    const after = await eventually(metrics, (m) => m.paidOrgs === before.paidOrgs + 1, 15_000);
    expect(after.orgsByPlan.professional).toBe((before.orgsByPlan.professional ?? 0) + 1);
    expect(after.conversionsLast30d).toBe(before.conversionsLast30d + 1);
    expect(after.mrr.amount - before.mrr.amount).toBe(9_900);
    expect(after.arr.amount - before.arr.amount).toBe(9_900 * 12);
  });

  it('counts every license validation, valid or not, in the last 24 hours', async () => {
    const before = (await metrics()).licenseValidationsLast24h;
    for (let i = 0; i < 3; i++) {
      const res = await api('/v1/licenses/validate', { body: { licenseKey: `nonsense-${i}`, machineId: 'm1', version: '1.0.0' } });
      expect(res.status).toBe(200);
    }
    expect((await metrics()).licenseValidationsLast24h).toBe(before + 3);
  });
});
