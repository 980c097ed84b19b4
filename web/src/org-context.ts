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
  /** Reads /v1/me again (after a plan change, joining or leaving an org). */
  reloadMe: () => void;
}

export const OrgContext = createContext<OrgContextValue | undefined>(undefined);

export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrg() outside an org page');
  return value;
}
