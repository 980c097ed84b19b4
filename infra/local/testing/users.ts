import { randomBytes } from 'node:crypto';
import type { ApiKeyScope, OrgRole } from '../../../shared/identity/roles';
import { api, localStack } from './local-stack';
import { latestCode } from './mail';

/**
 * Accounts, tokens and API keys for integration tests, made through the public API (no back doors), so every test
 * gets its own isolated users and orgs on the shared local stack.
 */

/** Meets the pool's policy: 8+ characters, upper, lower, digit. */
export const TEST_PASSWORD = 'Correct-Horse-9';

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.test`;
}

export interface SignedUp {
  email: string;
  password: string;
  userId: string;
  orgId: string;
}

export interface SignUpOptions {
  email?: string;
  password?: string;
  name?: string;
  orgName?: string;
}

function fail(what: string, res: { status: number; body: unknown }): never {
  throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * POST /v1/auth/signup (auto-confirmed on the local stack). On a stack that confirms by code (the console tests' stack,
 * `ARGUS_AUTO_CONFIRM_SIGNUP=false`) it confirms with the mailed code, as a person would, and reads the new org.
 */
export async function signUp(options: SignUpOptions = {}): Promise<SignedUp> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? TEST_PASSWORD;
  const res = await api('/v1/auth/signup', { body: { email, password, name: options.name, orgName: options.orgName } });
  if (res.status !== 201) fail('sign-up', res);
  if (res.body.confirmed) return { email: res.body.email, password, userId: res.body.userId, orgId: res.body.orgId };
  const confirmed = await api('/v1/auth/confirm', { body: { email, code: await latestCode(email, /confirm/i) } });
  if (confirmed.status !== 200) fail('confirm', confirmed);
  const me = await api('/v1/me', { token: (await login(email, password)).accessToken });
  if (me.status !== 200) fail('GET /v1/me', me);
  return { email: res.body.email, password, userId: res.body.userId, orgId: me.body.defaultOrgId };
}

export interface LoginTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** POST /v1/auth/login. */
export async function login(email: string, password = TEST_PASSWORD): Promise<LoginTokens> {
  const res = await api<LoginTokens>('/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) fail('login', res);
  return res.body;
}

export interface TestUser extends SignedUp {
  /** A Cognito access token: pass it as `api(path, { token })`. */
  token: string;
  idToken: string;
  refreshToken: string;
}

/** A fresh user with their own org (owner, explorer plan), signed in. */
export async function newUser(options: SignUpOptions = {}): Promise<TestUser> {
  const account = await signUp(options);
  const tokens = await login(account.email, account.password);
  return { ...account, token: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken };
}

export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
}

/** POST /v1/orgs/{orgId}/api-keys as an owner/admin; returns the full answer (the plaintext `key` is only here). */
export async function createApiKeyRecord(token: string, orgId: string, scopes: ApiKeyScope[] = ['read'], name = 'test key'): Promise<CreatedApiKey> {
  const res = await api<CreatedApiKey>(`/v1/orgs/${orgId}/api-keys`, { body: { name, scopes }, token });
  if (res.status !== 201) fail('create API key', res);
  return res.body;
}

/** An org API key's plaintext (`ak_…`): pass it as `api(path, { token: key })`. */
export async function createApiKey(token: string, orgId: string, scopes: ApiKeyScope[] = ['read'], name?: string): Promise<string> {
  return (await createApiKeyRecord(token, orgId, scopes, name)).key;
}

/** POST /v1/orgs/{orgId}/invitations with the token of an owner/admin; returns the invitation's id. */
export async function invite(token: string, orgId: string, email: string, role: OrgRole = 'member'): Promise<string> {
  const res = await api(`/v1/orgs/${orgId}/invitations`, { body: { email, role }, token });
  if (res.status !== 201) fail('invite', res);
  return res.body.id;
}

/** Makes a signed-in user a member of `orgId` with `role`: invited by `inviterToken`, accepted with `member.token`. */
export async function addMember(inviterToken: string, orgId: string, member: Pick<TestUser, 'email' | 'token'>, role: OrgRole = 'member'): Promise<void> {
  const id = await invite(inviterToken, orgId, member.email, role);
  const res = await api(`/v1/invitations/${id}/accept`, { method: 'POST', token: member.token });
  if (res.status !== 200) fail('accept invitation', res);
}

/** A second signed-in user who is a member of `orgId` with `role` (invited by `ownerToken`, invitation accepted). */
export async function newMemberOf(ownerToken: string, orgId: string, role: OrgRole = 'member'): Promise<TestUser> {
  const user = await newUser();
  await addMember(ownerToken, orgId, user, role);
  return user;
}

/** The local stack's platform service key (all scopes, any org). */
export function serviceApiKey(): string {
  return localStack().serviceApiKey;
}
