import { auditPut, type AuditActor } from '../audit/audit-log';
import { randomBytes } from 'node:crypto';
import { licenseKeys, listLicensesPage, putLicense, revokeLicense as markRevoked, type License } from '../db/licenses';
import { getOrg } from '../db/orgs';
import { currentPlan } from '../plans/current-plan';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import { LIMITS } from '../identity/limits';
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

/**
 * Issues a license for the org's current plan. The key is returned once; only its hash is stored. An org holds at most
 * `LIMITS.activeLicensesPerOrg` licenses that are not revoked (409).
 */
export async function issueLicense(orgId: string, input: IssueLicense, actor: AuditActor, now = new Date()): Promise<IssuedLicense> {
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
  const audit = auditPut({
    orgId,
    action: 'license.created',
    actor,
    target: `license:${license.id}`,
    details: { planId, keyHint: license.keyHint, maxDevices: license.maxDevices, expiresAt: license.expiresAt },
    at: now,
  });
  if ((await putLicense(license, LIMITS.activeLicensesPerOrg, audit)) === 'limit') {
    throw new ConflictError(`An org has at most ${LIMITS.activeLicensesPerOrg} active licenses; revoke one first`);
  }
  return { id: license.id, key, planId, maxDevices: license.maxDevices, expiresAt: license.expiresAt };
}

/** One page of the org's licenses, without their keys. */
export async function listOrgLicenses(orgId: string, page: PageQuery): Promise<{ licenses: LicenseView[]; nextCursor: string | null }> {
  const result = await listLicensesPage(orgId, page.limit, decodeCursor(page.cursor, licenseKeys.licensePrefix()));
  return { licenses: result.licenses.map(licenseView), nextCursor: encodeCursor(result.after) };
}

/** Revokes a license of the org: validations answer `revoked` from then on. Unknown id → 404. */
export async function revokeOrgLicense(orgId: string, licenseId: string, actor: AuditActor, now = new Date()): Promise<void> {
  const audit = auditPut({ orgId, action: 'license.revoked', actor, target: `license:${licenseId}`, at: now });
  if (!(await markRevoked(orgId, licenseId, now, audit))) throw new NotFoundError('License not found');
}
