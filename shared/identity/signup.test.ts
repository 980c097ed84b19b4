import type { signUp as SignUp } from './signup';

// A stage that does not auto-confirm (every deployed one): Cognito is stubbed, the rule under test is Argus's.
const send = jest.fn();
jest.mock('../auth/cognito', () => ({
  cognito: { send: (command: unknown) => send(command) },
  cognitoConfig: { USER_POOL_ID: 'pool', USER_POOL_CLIENT_ID: 'client', AUTO_CONFIRM_SIGNUP: false },
}));
jest.mock('../db/pending-signups', () => ({ putPendingSignUp: jest.fn() }));
jest.mock('./provision-account', () => ({ provisionAccount: jest.fn() }));
const { putPendingSignUp } = jest.requireMock('../db/pending-signups') as { putPendingSignUp: jest.Mock };
const { provisionAccount } = jest.requireMock('./provision-account') as { provisionAccount: jest.Mock };

// The esbuild transform does not hoist jest.mock: load the module under test after the mocks are in place.
const { signUp } = require('./signup') as { signUp: typeof SignUp };

const commandName = (command: unknown) => (command as object).constructor.name;

describe('sign-up on a stage that does not auto-confirm', () => {
  beforeEach(() => jest.clearAllMocks());

  it('makes no account before confirmation: orgId null, the org name kept for later', async () => {
    send.mockResolvedValueOnce({ UserSub: 'sub-1', UserConfirmed: false });
    const result = await signUp({ email: 'Ada@Example.test', password: 'Correct-Horse-9', orgName: 'Ada Labs' });
    expect(result).toEqual({ userId: 'sub-1', email: 'ada@example.test', orgId: null, confirmed: false });
    expect(send.mock.calls.map(([c]) => commandName(c))).toEqual(['SignUpCommand']);
    expect(putPendingSignUp).toHaveBeenCalledWith('sub-1', 'Ada Labs');
    expect(provisionAccount).not.toHaveBeenCalled();
  });

  it('replaces an unconfirmed user of the same email, and refuses a confirmed one with 409', async () => {
    const exists = Object.assign(new Error('exists'), { name: 'UsernameExistsException' });
    send
      .mockRejectedValueOnce(exists)
      .mockResolvedValueOnce({ Username: 'old', UserStatus: 'UNCONFIRMED' })
      .mockResolvedValueOnce({})
      .mockResolvedValueOnce({ UserSub: 'sub-2', UserConfirmed: false });
    expect(await signUp({ email: 'b@example.test', password: 'Correct-Horse-9' })).toMatchObject({ userId: 'sub-2', orgId: null });
    expect(send.mock.calls.map(([c]) => commandName(c))).toEqual(['SignUpCommand', 'AdminGetUserCommand', 'AdminDeleteUserCommand', 'SignUpCommand']);

    send.mockReset().mockRejectedValueOnce(exists).mockResolvedValueOnce({ Username: 'c', UserStatus: 'CONFIRMED' });
    await expect(signUp({ email: 'c@example.test', password: 'Correct-Horse-9' })).rejects.toMatchObject({ statusCode: 409, code: 'conflict' });
    expect(send.mock.calls.map(([c]) => commandName(c))).toEqual(['SignUpCommand', 'AdminGetUserCommand']);
  });
});
