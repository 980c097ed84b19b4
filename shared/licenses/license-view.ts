import type { License } from '../db/licenses';

/** A license as the API shows it in listings: never the key, only its hint. */
export interface LicenseView {
  id: string;
  planId: string;
  keyHint: string;
  maxDevices: number | null;
  devices: number;
  expiresAt: string | null;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export function licenseView(license: License): LicenseView {
  return {
    id: license.id,
    planId: license.planId,
    keyHint: license.keyHint,
    maxDevices: license.maxDevices,
    devices: license.devices,
    expiresAt: license.expiresAt,
    status: license.status,
    createdAt: license.createdAt,
    revokedAt: license.revokedAt ?? null,
  };
}
