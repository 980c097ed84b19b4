import { useCallback, useEffect, useState } from 'react';
import type { Me } from '../../shared/client/argus-client';
import { api } from './api';
import { MeContext, OrgContext } from './org-context';
import { currentTarget, matchPath, navigate, useLocation } from './router';
import { orgPages, publicPages, userPages } from './routes';
import { Shell } from './shell';
import { ErrorNotice, Spinner } from './ui/async';

/**
 * Routes a path to its page. Signed-out users reach only the public pages; any other path sends them to sign-in
 * and back afterwards (`?next=`), as does a session the API stops accepting (401 after a refresh).
 */
export function App() {
  const location = useLocation();
  const [signedIn, setSignedIn] = useState(api().session.signedIn);
  useEffect(() => api().session.onChange(setSignedIn), []);

  const publicPage = publicPages.find((p) => matchPath(p.path, location.path));
  useEffect(() => {
    document.title = `${publicPage?.title ?? 'Console'} · Argus`;
  }, [publicPage]);
  if (publicPage) return <publicPage.page />;
  if (!signedIn) return <Redirect to={`/signin?next=${encodeURIComponent(currentTarget())}`} />;
  return <SignedIn path={location.path} />;
}

function SignedIn({ path }: { path: string }) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  const reloadMe = useCallback(
    () =>
      api()
        .client.me()
        .then((fresh) => {
          setMe(fresh);
          setError(undefined);
        }, setError),
    [],
  );
  useEffect(() => {
    void reloadMe();
  }, [reloadMe]);

  if (error !== undefined && !me) return <ErrorNotice error={error} onRetry={reloadMe} />;
  if (!me) return <Spinner />;

  if (path === '/') {
    // The sign-up org while the user still belongs to it (after leaving it, /v1/me may still name it), else the first.
    const orgId = me.orgs.find((o) => o.id === me.defaultOrgId)?.id ?? me.orgs[0]?.id;
    return <Redirect to={orgId ? `/orgs/${orgId}/overview` : '/orgs/new'} />;
  }
  for (const p of userPages) {
    if (matchPath(p.path, path)) {
      return (
        <Titled title={p.title}>
          <MeContext.Provider value={{ me, reloadMe }}>
            <Shell me={me}>
              <p.page />
            </Shell>
          </MeContext.Provider>
        </Titled>
      );
    }
  }
  for (const p of orgPages) {
    const params = matchPath(`/orgs/:orgId/${p.section}`, path);
    if (!params) continue;
    const org = me.orgs.find((o) => o.id === params.orgId);
    if (!org) return <NotFound me={me} />;
    const isAdmin = org.role === 'owner' || org.role === 'admin';
    if (p.admin && !isAdmin) return <NotFound me={me} />;
    return (
      <Titled title={`${p.title} · ${org.name}`}>
        <OrgContext.Provider value={{ orgId: org.id, orgName: org.name, planId: org.planId, role: org.role, isAdmin, me, reloadMe }}>
          <Shell me={me} orgId={org.id} section={p.section}>
            <p.page />
          </Shell>
        </OrgContext.Provider>
      </Titled>
    );
  }
  return <NotFound me={me} />;
}

function Titled({ title, children }: { title: string; children: React.ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Argus`;
  }, [title]);
  return <>{children}</>;
}

function NotFound({ me }: { me: Me }) {
  return (
    <Shell me={me}>
      <h1>Not found</h1>
      <p>This page does not exist, or you are not a member of its organization.</p>
    </Shell>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
