import { getPendingOrgName } from '../db/pending-signups';
import { getUser, type User } from '../db/users';
import { createOrg } from './create-org';

export interface AccountInput {
  userId: string;
  email: string;
  name: string | null;
  orgName?: string;
}

/**
 * Makes sure a confirmed Cognito user has their Argus profile and first org (owner, free plan). Call it only once the
 * email is confirmed (an unconfirmed address must never be found by email). Idempotent: sign-up (auto-confirming
 * stages), confirm, login and GET /v1/me all call it, so an account whose database write failed is completed on the
 * next of them instead of being stuck (Cognito already holds the email, so sign-up cannot be retried). The org name
 * asked for at sign-up is kept until then (shared/db/pending-signups.ts).
 * Concurrent calls are safe: the profile is written with the org in one conditional transaction, so only one org is made.
 */
export async function provisionAccount(input: AccountInput): Promise<User> {
  const existing = await getUser(input.userId);
  if (existing) return existing;
  const createdAt = new Date().toISOString();
  const profile = { id: input.userId, email: input.email.toLowerCase(), name: input.name, createdAt };
  const orgName = input.orgName ?? (await getPendingOrgName(input.userId)) ?? defaultOrgName(input);
  const org = await createOrg(orgName, { userId: input.userId, email: profile.email, name: input.name }, profile);
  if (org) return { ...profile, defaultOrgId: org.id };
  const raced = await getUser(input.userId);
  if (!raced) throw new Error('account provisioning reported an existing profile that cannot be read');
  return raced;
}

function defaultOrgName({ name, email }: Pick<AccountInput, 'name' | 'email'>): string {
  return name ? `${name}'s org` : email.split('@')[0]!;
}
