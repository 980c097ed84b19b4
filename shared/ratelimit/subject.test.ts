import type { ApiEvent } from '../http/types';
import { MAX_ORGS_PER_USAGE_REQUEST } from '../usage/request-orgs';
import { rateSubjects } from './subject';

const event = (overrides: Partial<ApiEvent> = {}) => ({ headers: {}, isBase64Encoded: false, ...overrides }) as unknown as ApiEvent;
const user = { kind: 'user' as const, userId: 'u1', username: 'u1' };
const org = (orgId: string) => ({ kind: 'org', orgId });
const own = [{ kind: 'user', userId: 'u1' }];

describe('rateSubjects', () => {
  it('does not limit anonymous callers or the platform service key', () => {
    expect(rateSubjects({ kind: 'anonymous' }, event())).toEqual([]);
    expect(rateSubjects({ kind: 'key', keyId: 'k', orgId: null, scopes: [] }, event({ body: '{"orgId":"o1"}' }))).toEqual([]);
  });

  it('bills the path org first', () => {
    expect(rateSubjects(user, event({ pathParameters: { orgId: 'o1' }, body: '{"orgId":"o2"}' }))).toEqual([org('o1')]);
  });

  it("bills an org key's own org whatever the body names", () => {
    expect(rateSubjects({ kind: 'key', keyId: 'k', orgId: 'o1', scopes: [] }, event({ body: '{"orgId":"o2"}' }))).toEqual([org('o1')]);
    expect(rateSubjects({ kind: 'key', keyId: 'k', orgId: 'o1', scopes: [] }, event({ pathParameters: { orgId: 'o2' } }))).toEqual([org('o1')]);
  });

  it("bills the body's org for a member's token, else the user", () => {
    expect(rateSubjects(user, event({ body: '{"orgId":"o2","metric":"x"}' }))).toEqual([org('o2')]);
    expect(rateSubjects(user, event({ body: 'not json' }))).toEqual(own);
    expect(rateSubjects(user, event({ body: '{"orgId":7}' }))).toEqual(own);
    expect(rateSubjects(user, event({ body: '[{"orgId":"o2"}]' }))).toEqual(own);
    expect(rateSubjects(user, event())).toEqual(own);
  });

  it("bills the body's org however the body is padded or encoded", () => {
    const padded = JSON.stringify({ orgId: 'o2', metric: 'api_calls', quantity: 1, pad: 'x'.repeat(200 * 1024) });
    expect(rateSubjects(user, event({ body: padded }))).toEqual([org('o2')]);
    const encoded = Buffer.from(JSON.stringify({ orgId: 'o2' })).toString('base64');
    expect(rateSubjects(user, event({ body: encoded, isBase64Encoded: true }))).toEqual([org('o2')]);
    expect(rateSubjects(user, event({ body: Buffer.from(padded).toString('base64'), isBase64Encoded: true }))).toEqual([org('o2')]);
    // Over the contract's 256 KiB the handler answers 413: the caller's own budget pays for that.
    expect(rateSubjects(user, event({ body: JSON.stringify({ orgId: 'o2', pad: 'x'.repeat(300 * 1024) }) }))).toEqual(own);
  });

  it('bills one unit to each distinct org a usage request names, up to the per-request cap', () => {
    const events = (orgs: string[]) => JSON.stringify({ events: orgs.map((orgId, i) => ({ id: `e${i}`, orgId, metric: 'api_calls', quantity: 1 })) });
    expect(rateSubjects(user, event({ body: events(['o1', 'o2', 'o1', 'o3']) }))).toEqual([org('o1'), org('o2'), org('o3')]);
    const many = Array.from({ length: MAX_ORGS_PER_USAGE_REQUEST + 1 }, (_, i) => `o${i}`);
    expect(rateSubjects(user, event({ body: events(many) }))).toEqual(own);
    expect(rateSubjects(user, event({ body: events(many.slice(1)) }))).toHaveLength(MAX_ORGS_PER_USAGE_REQUEST);
  });
});
