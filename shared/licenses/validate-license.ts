import { emitMetric } from '../observability/metrics';
import { activateMachine, findLicenseByKeyHash, isMachineActivated, type License } from '../db/licenses';
import { getOrg } from '../db/orgs';
import { featureIds, metricIds } from '../plans/catalog';
import type { Feature, Metric } from '../plans/catalog-schema';
import type { Plan } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { licenseKeyHash, parseLicenseKey } from './license-key';
import { limitValidation } from './validation-rate-limit';
import { countLicenseValidation } from '../operator/license-validation-counter';

export interface ValidateLicense {
  licenseKey: string;
  machineId: string;
  version: string;
}

export type InvalidReason = 'unknown' | 'revoked' | 'expired' | 'device_limit';

type Quotas = Record<Metric, { included: number; capType: 'hard' | 'soft' }>;

export type LicenseValidation =
  | {
      valid: true;
      planId: string;
      expiresAt: string | null;
      features: Record<Feature, boolean>;
      quotas: Quotas;
      /** Until when the client may rely on this answer offline (a day, never past the license's expiry). */
      cachedUntil: string;
    }
  | { valid: false; reason: InvalidReason };

const CACHE_MS = 24 * 3_600_000;

/**
 * Validates a license for one machine: unknown (malformed, bad checksum, no such key), revoked, expired, else the
 * machine takes a device seat if it has none (atomically, see activateMachine) or gets `device_limit`. A valid answer
 * carries what the org's current plan grants. Rate limited per key and per source IP (429).
 */
export async function validateLicense(input: ValidateLicense, sourceIp: string, now = new Date()): Promise<{ result: LicenseValidation; headers: Record<string, string> }> {
  const key = parseLicenseKey(input.licenseKey);
  const keyHash = key ? licenseKeyHash(key) : undefined;
  const headers = await limitValidation(sourceIp, keyHash, now.getTime());
  emitMetric('LicenseValidations');
  // Counted beside the decision, not before it: the count adds a write, not latency.
  const [result] = await Promise.all([keyHash ? decide(keyHash, input.machineId, now) : invalid('unknown'), countLicenseValidation(now)]);
  return { result, headers };
}

async function decide(keyHash: string, machineId: string, now: Date): Promise<LicenseValidation> {
  const license = await findLicenseByKeyHash(keyHash);
  if (!license) return invalid('unknown');
  if (license.status === 'revoked') return invalid('revoked');
  if (license.expiresAt && Date.parse(license.expiresAt) <= now.getTime()) return invalid('expired');
  const [org, seated] = await Promise.all([getOrg(license.orgId), isMachineActivated(license.id, machineId)]);
  if (!org) return invalid('unknown');
  if (!seated) {
    const outcome = await activateMachine(license, machineId, now);
    if (outcome === 'full') return invalid('device_limit');
    if (outcome === 'revoked') return invalid('revoked');
  }
  return grant(license, currentPlan(org, now), now);
}

function grant(license: License, plan: Plan, now: Date): LicenseValidation {
  const cacheEnd = now.getTime() + CACHE_MS;
  const cachedUntil = license.expiresAt ? Math.min(cacheEnd, Date.parse(license.expiresAt)) : cacheEnd;
  return {
    valid: true,
    planId: plan.id,
    expiresAt: license.expiresAt,
    features: Object.fromEntries(featureIds.map((f) => [f, plan.features.includes(f)])) as Record<Feature, boolean>,
    quotas: Object.fromEntries(metricIds.map((m) => [m, { included: plan.metrics[m].included, capType: plan.metrics[m].capType }])) as Quotas,
    cachedUntil: new Date(cachedUntil).toISOString(),
  };
}

function invalid(reason: InvalidReason): LicenseValidation {
  return { valid: false, reason };
}
