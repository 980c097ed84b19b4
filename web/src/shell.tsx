import type { ReactNode } from 'react';
import type { Me } from '../../shared/client/argus-client';
import { api } from './api';
import { Link, navigate } from './router';
import { orgPages } from './routes';

/** The frame of every signed-in page: the org switcher, the org's sections (by role) and the account links. */
export function Shell({ me, orgId, section, children }: { me: Me; orgId?: string; section?: string; children: ReactNode }) {
  const org = me.orgs.find((o) => o.id === orgId);
  const isAdmin = org?.role === 'owner' || org?.role === 'admin';
  const signOut = async () => {
    await api().session.signOut();
    navigate('/signin', { replace: true });
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Argus
        </Link>
        {me.orgs.length > 0 && (
          <label className="org-switcher">
            <span className="visually-hidden">Organization</span>
            <select aria-label="Organization" value={orgId ?? ''} onChange={(e) => navigate(`/orgs/${e.target.value}/${section && !section.includes('/') ? section : 'overview'}`)}>
              {!org && <option value="">Choose an organization</option>}
              {me.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.role})
                </option>
              ))}
            </select>
          </label>
        )}
        <nav aria-label="Account" className="account-nav">
          <Link to="/invitations">Invitations</Link>
          <Link to="/account">{me.email}</Link>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      {org && (
        <nav aria-label="Organization sections" className="sections">
          {orgPages
            .filter((p) => p.nav !== false && (!p.admin || isAdmin))
            .map((p) => (
              <Link key={p.section} to={`/orgs/${org.id}/${p.section}`} aria-current={section === p.section ? 'page' : undefined}>
                {p.title}
              </Link>
            ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
