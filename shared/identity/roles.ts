import { ORG_ROLES, type OrgRole } from '../../infra/routes';

/** member < admin < owner. */
export function roleAtLeast(role: OrgRole, least: OrgRole): boolean {
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(least);
}
