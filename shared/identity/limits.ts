/**
 * Per-account limits (CONTRACT §3 Limits): abuse bounds, not plan features, so every plan has them. Each is kept by a
 * counter updated in the same transaction as the thing it counts (a conditional write), so concurrent requests
 * cannot pass it. Reaching one answers 409 `conflict`.
 */
export const LIMITS = {
  /** Orgs a user creates, the sign-up org included; orgs joined by invitation do not count. Orgs are never deleted. */
  orgsCreatedPerUser: 20,
  /** API keys of an org that are not revoked. */
  activeApiKeysPerOrg: 100,
  /** Licenses of an org that are not revoked (an expired license counts until it is revoked). */
  activeLicensesPerOrg: 1000,
} as const;
