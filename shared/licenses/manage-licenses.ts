import { randomBytes } from 'node:crypto';
import { listLicenses, putLicense, revokeLicense as markRevoked, type License } from '../db/licenses';
import { getOrg } from '../db/orgs';
import { currentPlan } from '../plans/current-plan';
import { NotFoundError, ValidationError } from '../errors';
import { generateLicenseKey, licenseKeyHash, licenseKeyHint } from './license-key';
import { licenseView, type LicenseView } from './license-view';

export interface IssueLicense {
  /** Distinct machines that may use the license; omitted = no limit. */
  maxDevices?: number | null;
  /** ISO time after which the license is refused; omitted = never. */
  expiresAt?: string | null;
}

/** What issuing answers: the only time the full key is shown. */
export interface IssuedLicense {
  id: string;
  key: string;
  planId: string;
  maxDevices: number | null;
  expiresAt: string | null;
}

/** Issues a license for the org's current plan. The key is returned once; only its hash is stored. */
export async function issueLicense(orgId: string, input: IssueLicense, now = new Date()): Promise<IssuedLicense> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime()) {
    throw new ValidationError([{ path: 'body.expiresAt', message: 'must be in the future' }]);
  }
  const planId = currentPlan(org, now).id;
  const key = generateLicenseKey(planId);
  const license: License = {
    id: `lic_${randomBytes(12).toString('base64url')}`,
    orgId,
    planId,
    keyHash: licenseKeyHash(key),
    keyHint: licenseKeyHint(key),
    maxDevices: input.maxDevices ?? null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    status: 'active',
    devices: 0,
    createdAt: now.toISOString(),
  };
  await putLicense(license);
  return { id: license.id, key, planId, maxDevices: license.maxDevices, expiresAt: license.expiresAt };
}

export async function listOrgLicenses(orgId: string): Promise<LicenseView[]> {
  return (await listLicenses(orgId)).map(licenseView);
}

/** Revokes a license of the org: validations answer `revoked` from then on. Unknown id → 404. */
export async function revokeOrgLicense(orgId: string, licenseId: string, now = new Date()): Promise<void> {
  if (!(await markRevoked(orgId, licenseId, now))) throw new NotFoundError('License not found');
}
