/**
 * cognito-local as the local stack runs it: the package's own server, with the pieces of Cognito that Argus relies on
 * and cognito-local 5.3 lacks added here (each says what AWS does). Runs in its own process (started by cognito.ts).
 * - Mail: codes Cognito would email (sign-up, resend, forgot-password) also go to the local outbox (`MAIL_OUTBOX_FILE`,
 *   served at `GET /_local/mail`), not only to the log.
 * - `ResendConfirmationCode` and `AdminUserGlobalSignOut` (missing targets).
 * - Session claims: on AWS every access and ID token carries `origin_jti` (the id of the refresh token's session) and
 *   keeps the session's `auth_time` when refreshed; cognito-local sets neither. Argus revokes sessions by these claims.
 * - MFA sign-in: AWS accepts a `RespondToAuthChallenge` only with the `Session` its `InitiateAuth` issued for that user
 *   (3 minutes), and stores the refresh token it returns; cognito-local checks neither.
 */
import { createPrivateKey, createSign } from 'node:crypto';
import { appendOutbox } from '../../../shared/mail/outbox';

/* eslint-disable @typescript-eslint/no-require-imports -- cognito-local is CommonJS without exports; its internals are patched in place */
const { Targets } = require('cognito-local/lib/targets/targets') as { Targets: Record<string, TargetFactory> };
const { MessagesService } = require('cognito-local/lib/services/messages') as { MessagesService: { prototype: { deliver: (...args: unknown[]) => Promise<void> } } };
const errors = require('cognito-local/lib/errors') as Record<string, new (message?: string) => Error>;
const signingKey = createPrivateKey((require('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }).pem);

type Req = Record<string, any>;
type Res = Record<string, any>;
type Services = Record<string, any>;
type TargetFactory = (services: Services) => (ctx: unknown, req: Req) => Promise<Res>;

const outbox = process.env.MAIL_OUTBOX_FILE;
const subjects: Record<string, string> = {
  SignUp: 'Confirm your Argus account',
  ResendCode: 'Confirm your Argus account',
  ForgotPassword: 'Reset your Argus password',
};

const deliver = MessagesService.prototype.deliver;
MessagesService.prototype.deliver = async function (this: unknown, ...args: unknown[]) {
  await deliver.apply(this, args);
  const [, source, , , , code, , details] = args as [unknown, string, unknown, unknown, unknown, string, unknown, { DeliveryMedium?: string; Destination?: string } | undefined];
  if (outbox && details?.DeliveryMedium === 'EMAIL' && details.Destination) {
    await appendOutbox(outbox, { to: details.Destination, subject: subjects[source] ?? 'Your Argus verification code', text: `Your verification code is ${code}` });
  }
};

Targets.ResendConfirmationCode = (services) => async (ctx, req) => {
  const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
  const user = await pool.getUserByUsername(ctx, req.Username);
  if (!user) throw new errors.UserNotFoundError!();
  if (user.UserStatus !== 'UNCONFIRMED') throw new errors.InvalidParameterError!('User is already confirmed.');
  const email = attribute(user, 'email');
  const details = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
  const code = services.otp();
  await services.messages.deliver(ctx, 'ResendCode', req.ClientId, pool.options.Id, user, code, req.ClientMetadata, details);
  await pool.saveUser(ctx, { ...user, ConfirmationCode: code });
  return { CodeDeliveryDetails: details };
};

// AWS also makes Cognito's own APIs refuse the user's access tokens; Argus's check of them is its own (sessionsValidAfter).
Targets.AdminUserGlobalSignOut = (services) => async (ctx, req) => {
  const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
  const user = await pool.getUserByUsername(ctx, req.Username);
  if (!user) throw new errors.UserNotFoundError!();
  await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
  return {};
};

const CHALLENGE_SECONDS = 180;
const challenges = new Map<string, { username: string; until: number }>();

const initiateAuth = Targets.InitiateAuth!;
Targets.InitiateAuth = (services) => {
  const target = initiateAuth(services);
  return async (ctx, req) => {
    const res = await target(ctx, req);
    if (res.Session && res.ChallengeParameters?.USER_ID_FOR_SRP) {
      const now = Date.now();
      for (const [session, c] of challenges) if (c.until <= now) challenges.delete(session);
      challenges.set(res.Session, { username: res.ChallengeParameters.USER_ID_FOR_SRP, until: now + CHALLENGE_SECONDS * 1000 });
    }
    const refreshToken = req.AuthParameters?.REFRESH_TOKEN;
    if (res.AuthenticationResult) res.AuthenticationResult = withSessionClaims(res.AuthenticationResult, refreshToken ?? res.AuthenticationResult.RefreshToken);
    return res;
  };
};

const respondToAuthChallenge = Targets.RespondToAuthChallenge!;
Targets.RespondToAuthChallenge = (services) => {
  const target = respondToAuthChallenge(services);
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.ChallengeResponses?.USERNAME ?? '');
    const challenge = challenges.get(req.Session ?? '');
    if (!user || !challenge || challenge.until <= Date.now() || challenge.username !== user.Username) {
      throw new errors.NotAuthorizedError!('Invalid session for the user, session is expired.');
    }
    const res = await target(ctx, req);
    if (res.AuthenticationResult) {
      challenges.delete(req.Session);
      await pool.storeRefreshToken(ctx, res.AuthenticationResult.RefreshToken, user);
      res.AuthenticationResult = withSessionClaims(res.AuthenticationResult, res.AuthenticationResult.RefreshToken);
    }
    return res;
  };
};

/** Re-signs the access and ID tokens with `origin_jti` = the refresh token's id and `auth_time` = its issue time. */
function withSessionClaims(result: Res, refreshToken: string | undefined): Res {
  const session = refreshToken ? decode(refreshToken) : undefined;
  if (!session?.jti) return result;
  const stamp = (token: string | undefined) => token && sign({ ...decode(token), origin_jti: session.jti, auth_time: session.iat });
  return { ...result, AccessToken: stamp(result.AccessToken), IdToken: stamp(result.IdToken) };
}

function decode(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function sign(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${part(payload)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(signingKey).toString('base64url')}`;
}

function attribute(user: { Attributes?: { Name: string; Value?: string }[] }, name: string): string | undefined {
  return user.Attributes?.find((a) => a.Name === name)?.Value;
}

require('cognito-local/lib/bin/start');
