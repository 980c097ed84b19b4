import { auditPut } from '../audit/audit-log';
import { writeNewOrg } from '../db/org-creation';
import type { Org } from '../db/orgs';
import { getUser, type User } from '../db/users';
import { ConflictError, NotFoundError } from '../errors';
import { defaultPlan } from '../plans/catalog';
import { newId } from './ids';
import { LIMITS } from './limits';
import { slugCandidate, slugify } from './slug';

export interface OrgOwner {
  userId: string;
  email: string;
  name: string | null;
}

const SLUG_ATTEMPTS = 5;

/**
 * Creates an org on the free plan with `owner` as its only member. The slug is unique: the org is written together
 * with a claim on its slug, and a taken slug is retried with a random suffix. With `user` (sign-up), the owner's
 * profile is written in the same transaction and `undefined` means that profile exists already.
 */
export async function createOrg(name: string, owner: OrgOwner, user?: Omit<User, 'defaultOrgId'>, orgId = newId('org')): Promise<Org | undefined> {
  const base = slugify(name);
  const createdAt = new Date().toISOString();
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const org: Org = { id: orgId, name, slug: slugCandidate(base, attempt), planId: defaultPlan().id, createdAt };
    const result = await writeNewOrg(
      org,
      { orgId, userId: owner.userId, role: 'owner', email: owner.email, name: owner.name, createdAt },
      user ? { ...user, defaultOrgId: orgId } : undefined,
      LIMITS.orgsCreatedPerUser,
      auditPut({ orgId, action: 'org.created', actor: { type: 'user', id: owner.userId }, target: `org:${orgId}`, details: { name, slug: org.slug, planId: org.planId }, at: new Date(createdAt) }),
    );
    if (result === 'created') return { ...org, memberCount: 1, ownerCount: 1 };
    if (result === 'user_exists') return undefined;
    if (result === 'org_limit') throw new ConflictError(`A user creates at most ${LIMITS.orgsCreatedPerUser} orgs (the sign-up org included)`);
  }
  throw new Error(`could not find a free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
}

/** POST /v1/orgs: a signed-in user creates another org and owns it (409 past `LIMITS.orgsCreatedPerUser`). */
export async function createOrgForUser(userId: string, name: string): Promise<Org> {
  const user = await getUser(userId);
  if (!user) throw new NotFoundError('Your profile does not exist yet; call GET /v1/me first');
  const org = await createOrg(name, { userId, email: user.email, name: user.name });
  if (!org) throw new Error('createOrg without a profile reported an existing profile');
  return org;
}
