import { api } from './testing/local-stack';

/** `/_local/metrics` counts invocations per function and the table capacity handlers consumed. */
describe('GET /_local/metrics', () => {
  it('counts each handler invocation with its time', async () => {
    const before = (await api('/_local/metrics')).body;
    for (let i = 0; i < 3; i++) expect((await api('/health')).status).toBe(200);
    const after = (await api('/_local/metrics')).body;
    const count = (m: typeof before) => m.invocations.health?.count ?? 0;
    expect(count(after) - count(before)).toBeGreaterThanOrEqual(3);
    expect(after.invocations.health.totalMs).toBeGreaterThan(0);
    expect(after.dynamodb).toEqual(expect.objectContaining({ requests: expect.any(Number), writeUnits: expect.any(Number), readUnits: expect.any(Number) }));
    expect(after.sqsPollers).toEqual({ receiveRequests: expect.any(Number), deleteRequests: expect.any(Number) });
  });
});
