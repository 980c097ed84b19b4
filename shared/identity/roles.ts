/** Org roles, least to most: members read; admins and owners change billing, members and keys (CONTRACT §1). */
export const ORG_ROLES = ['member', 'admin', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** What an org API key may be granted (CONTRACT §3). `mcp:invoke` opens `POST /v1/mcp`; each tool also needs its REST twin's scope. */
export const API_KEY_SCOPES = ['read', 'usage:write', 'quota:check', 'mcp:invoke'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** member < admin < owner. */
export function roleAtLeast(role: OrgRole, least: OrgRole): boolean {
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(least);
}
