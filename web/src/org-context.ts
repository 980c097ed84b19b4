import { createContext, useContext } from 'react';
import type { Me, OrgRole } from '../../shared/client/argus-client';

/** The org a page shows and the signed-in user's role in it (from GET /v1/me). */
export interface OrgContextValue {
  orgId: string;
  orgName: string;
  planId: string;
  role: OrgRole;
  /** Owners and admins change billing, members and keys; members read (CONTRACT §1). */
  isAdmin: boolean;
  me: Me;
  /** Reads /v1/me again (after a plan change, joining or leaving an org); resolves once the new answer is in. */
  reloadMe: () => Promise<void>;
}

export const OrgContext = createContext<OrgContextValue | undefined>(undefined);

export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrg() outside an org page');
  return value;
}

/** The signed-in user on pages outside an org (account, invitations, new org). */
export interface MeContextValue {
  me: Me;
  reloadMe: () => Promise<void>;
}

export const MeContext = createContext<MeContextValue | undefined>(undefined);

export function useMe(): MeContextValue {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe() outside a signed-in page');
  return value;
}
