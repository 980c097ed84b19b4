import { getUser, type User } from '../db/users';
import { createOrg } from './create-org';

export interface AccountInput {
  userId: string;
  email: string;
  name: string | null;
  orgName?: string;
}

/**
 * Makes sure a Cognito user has their Argus profile and first org (owner, free plan). Idempotent: sign-up calls it
 * right after Cognito's SignUp, and login calls it again, so an account whose database write failed at sign-up is
 * completed on its first login instead of being stuck (Cognito already holds the email, so sign-up cannot be retried).
 * Concurrent calls are safe: the profile is written with the org in one conditional transaction, so only one org is made.
 */
export async function provisionAccount(input: AccountInput): Promise<User> {
  const existing = await getUser(input.userId);
  if (existing) return existing;
  const createdAt = new Date().toISOString();
  const profile = { id: input.userId, email: input.email.toLowerCase(), name: input.name, createdAt };
  const org = await createOrg(input.orgName ?? defaultOrgName(input), { userId: input.userId, email: profile.email, name: input.name }, profile);
  if (org) return { ...profile, defaultOrgId: org.id };
  const raced = await getUser(input.userId);
  if (!raced) throw new Error('account provisioning reported an existing profile that cannot be read');
  return raced;
}

function defaultOrgName({ name, email }: Pick<AccountInput, 'name' | 'email'>): string {
  return name ? `${name}'s org` : email.split('@')[0]!;
}
