import type { ApiEvent } from '../http/types';
import { rateSubject } from './subject';

const event = (overrides: Partial<ApiEvent> = {}) => ({ headers: {}, isBase64Encoded: false, ...overrides }) as unknown as ApiEvent;
const user = { kind: 'user' as const, userId: 'u1', username: 'u1' };

describe('rateSubject', () => {
  it('does not limit anonymous callers or the platform service key', () => {
    expect(rateSubject({ kind: 'anonymous' }, event())).toBeUndefined();
    expect(rateSubject({ kind: 'key', keyId: 'k', orgId: null, scopes: [] }, event({ body: '{"orgId":"o1"}' }))).toBeUndefined();
  });

  it('bills the path org first', () => {
    expect(rateSubject(user, event({ pathParameters: { orgId: 'o1' }, body: '{"orgId":"o2"}' }))).toEqual({ kind: 'org', orgId: 'o1' });
  });

  it("bills an org key's own org whatever the body names", () => {
    expect(rateSubject({ kind: 'key', keyId: 'k', orgId: 'o1', scopes: [] }, event({ body: '{"orgId":"o2"}' }))).toEqual({ kind: 'org', orgId: 'o1' });
    expect(rateSubject({ kind: 'key', keyId: 'k', orgId: 'o1', scopes: [] }, event({ pathParameters: { orgId: 'o2' } }))).toEqual({ kind: 'org', orgId: 'o1' });
  });

  it("bills the body's org for a member's token, else the user", () => {
    expect(rateSubject(user, event({ body: '{"orgId":"o2","metric":"x"}' }))).toEqual({ kind: 'org', orgId: 'o2' });
    expect(rateSubject(user, event({ body: 'not json' }))).toEqual({ kind: 'user', userId: 'u1' });
    expect(rateSubject(user, event({ body: '{"orgId":7}' }))).toEqual({ kind: 'user', userId: 'u1' });
    expect(rateSubject(user, event())).toEqual({ kind: 'user', userId: 'u1' });
  });
});
