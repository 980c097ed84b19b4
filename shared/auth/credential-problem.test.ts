import { generateApiKey } from './api-key-secret';
import { CREDENTIAL_PROBLEMS, credentialError, readBearer } from './credential-problem';

describe('reading an Authorization header by its shape', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';

  it('finds access tokens and API keys behind the Bearer scheme, in any case and spacing', () => {
    const key = generateApiKey();
    expect(readBearer(`Bearer ${jwt}`)).toEqual({ kind: 'jwt', token: jwt });
    expect(readBearer(`bearer   ${key} `)).toEqual({ kind: 'key', token: key });
    expect(readBearer(`Bearer ak_svc_${'x'.repeat(43)}`)).toMatchObject({ kind: 'key' });
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['   ', 'missing'],
    [`Basic ${Buffer.from('a:b').toString('base64')}`, 'not_bearer'],
    [jwt, 'not_bearer'],
    ['ak_abc', 'not_bearer'],
    ['Bearer', 'malformed'],
    ['Bearer ', 'malformed'],
    ['Bearer not-a-token', 'malformed'],
    ['Bearer a.b', 'malformed'],
    ['Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.', 'malformed'],
    [`Bearer ${jwt} extra`, 'malformed'],
    ['Bearer ak_short', 'malformed'],
    [`Bearer ak_${'x'.repeat(43)}!`, 'malformed'],
    [`Bearer ${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`, 'malformed'],
  ])('%j is refused as %s without any lookup', (header, problem) => {
    expect(readBearer(header)).toEqual({ kind: 'problem', problem });
  });

  it('gives every problem its own 401 message with the contract code', () => {
    const messages = CREDENTIAL_PROBLEMS.map((p) => credentialError(p));
    expect(messages.every((e) => e.statusCode === 401 && e.code === 'unauthorized')).toBe(true);
    expect(new Set(messages.map((e) => e.message)).size).toBe(CREDENTIAL_PROBLEMS.length);
  });
});
