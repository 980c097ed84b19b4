import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { OrgRole } from './roles';
import { cognito, cognitoConfig } from '../auth/cognito';
import { listUserMemberships } from '../db/memberships';
import { getOrgs } from '../db/orgs';
import { getUser, type User } from '../db/users';
import { provisionAccount } from './provision-account';

export interface Me {
  id: string;
  email: string;
  name: string | null;
  defaultOrgId: string;
  orgs: { id: string; name: string; slug: string; role: OrgRole; planId: string }[];
}

/** The signed-in user with every org they belong to (their default org first, then by name). */
export async function getMe(userId: string, username: string): Promise<Me> {
  const user = (await getUser(userId)) ?? (await provisionFromCognito(userId, username));
  const memberships = await listUserMemberships(userId);
  const orgs = new Map((await getOrgs(memberships.map((m) => m.orgId))).map((o) => [o.id, o]));
  const list = memberships
    .flatMap((m) => {
      const org = orgs.get(m.orgId);
      return org ? [{ id: org.id, name: org.name, slug: org.slug, role: m.role, planId: org.planId }] : [];
    })
    .sort((a, b) => Number(b.id === user.defaultOrgId) - Number(a.id === user.defaultOrgId) || a.name.localeCompare(b.name));
  return { id: user.id, email: user.email, name: user.name, defaultOrgId: user.defaultOrgId, orgs: list };
}

/** A token whose user has no profile yet (sign-up's database write failed): finish the account now. */
async function provisionFromCognito(userId: string, username: string): Promise<User> {
  const { UserAttributes = [] } = await cognito.send(new AdminGetUserCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: username }));
  const attribute = (name: string) => UserAttributes.find((a) => a.Name === name)?.Value;
  const email = attribute('email');
  if (!email) throw new Error('Cognito user has no email attribute');
  return provisionAccount({ userId, email, name: attribute('name') ?? null });
}
