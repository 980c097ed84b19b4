import { generateApiKey } from './api-key-secret';
import type { resolveApiKey } from './resolve-api-key';
import type { verifyAccessToken } from './verify-access-token';

// Junk must cost nothing: neither the key table nor the token verifier (JWKS fetch, signature check) may be reached.
// The mocks are in place before the module under test is required (no hoisting with this transform).
jest.mock('./resolve-api-key', () => ({ resolveApiKey: jest.fn() }));
jest.mock('./verify-access-token', () => ({ verifyAccessToken: jest.fn(), tokenProblem: () => 'expired' }));
const { resolveCaller } = require('./resolve-caller') as typeof import('./resolve-caller');
const lookup = (require('./resolve-api-key') as { resolveApiKey: jest.MockedFunction<typeof resolveApiKey> }).resolveApiKey;
const verify = (require('./verify-access-token') as { verifyAccessToken: jest.MockedFunction<typeof verifyAccessToken> }).verifyAccessToken;

describe('resolveCaller (the Lambda authorizer)', () => {
  beforeEach(() => {
    lookup.mockReset();
    verify.mockReset();
  });

  it.each([
    [undefined, 'missing'],
    ['Basic dXNlcjpwYXNz', 'not_bearer'],
    ['Bearer not-a-token', 'malformed'],
    ['Bearer ak_short', 'malformed'],
    [`Bearer ${'x'.repeat(10_000)}`, 'malformed'],
  ])('refuses %j as %s without a lookup or a signature check', async (header, problem) => {
    expect(await resolveCaller(header)).toEqual({ principal: 'none', problem });
    expect(lookup).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
  });

  it('looks up a well-formed key once; unknown and revoked both resolve to invalid_key', async () => {
    lookup.mockResolvedValue(undefined);
    expect(await resolveCaller(`Bearer ${generateApiKey()}`)).toEqual({ principal: 'none', problem: 'invalid_key' });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(verify).not.toHaveBeenCalled();
  });

  it('verifies a JWT-shaped token and passes on why it failed', async () => {
    verify.mockRejectedValue(new Error('expired'));
    expect(await resolveCaller('Bearer aaa.bbb.ccc')).toEqual({ principal: 'none', problem: 'expired' });
    verify.mockResolvedValue({ sub: 'u1', username: 'u1', scope: '', expiresAt: 2_000_000_000 });
    expect(await resolveCaller('Bearer aaa.bbb.ccc')).toEqual({ principal: 'user', userId: 'u1', username: 'u1' });
    expect(lookup).not.toHaveBeenCalled();
  });
});
