import { ArgusAuthClient, type AuthTokens } from '../../../shared/client/auth-client';

/**
 * The signed-in session. The access token lives in memory only; the refresh token in `sessionStorage`, which is
 * scoped to this origin and this tab and gone when the tab closes (never `localStorage`, never a cookie another
 * origin's request would carry). A reload in the same tab refreshes silently; a new tab signs in again.
 * The access token is refreshed a minute before it expires, and once more on a 401 before giving up.
 */
const REFRESH_KEY = 'argus.refreshToken';
const EARLY_MS = 60_000;

type Listener = (signedIn: boolean) => void;

export class Session {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<boolean> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly auth: ArgusAuthClient) {}

  get signedIn(): boolean {
    return this.accessToken !== undefined;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a login (or MFA) answer. */
  begin(tokens: AuthTokens): void {
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    this.accept(tokens.accessToken, tokens.expiresIn);
  }

  /** At start: a refresh token kept by this tab gives a session back without a password. */
  async restore(): Promise<boolean> {
    return sessionStorage.getItem(REFRESH_KEY) ? this.refresh() : false;
  }

  /** The current access token, refreshed first when it is about to expire. */
  async token(): Promise<string | undefined> {
    if (this.accessToken && Date.now() > this.expiresAt - EARLY_MS) await this.refresh();
    return this.accessToken;
  }

  /** One refresh at a time; false (and signed out) when the refresh token no longer works. */
  refresh(): Promise<boolean> {
    this.inflight ??= this.doRefresh().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  async signOut(): Promise<void> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    this.end();
    if (refreshToken) await this.auth.logout(refreshToken).catch(() => undefined);
  }

  /** The API refused the session: forget it (the app then asks to sign in). */
  end(): void {
    const was = this.signedIn;
    sessionStorage.removeItem(REFRESH_KEY);
    this.accessToken = undefined;
    this.expiresAt = 0;
    clearTimeout(this.timer);
    if (was) this.emit(false);
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      const tokens = await this.auth.refresh(refreshToken);
      this.accept(tokens.accessToken, tokens.expiresIn);
      return true;
    } catch {
      this.end();
      return false;
    }
  }

  private accept(accessToken: string, expiresInSeconds: number): void {
    const was = this.signedIn;
    this.accessToken = accessToken;
    this.expiresAt = Date.now() + expiresInSeconds * 1000;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), Math.max(5_000, this.expiresAt - EARLY_MS - Date.now()));
    if (!was) this.emit(true);
  }

  private emit(signedIn: boolean): void {
    for (const listener of this.listeners) listener(signedIn);
  }
}

/**
 * A fetch for the typed client that sends the session's current access token, and on a 401 refreshes once and
 * retries; if that fails too the session ends (the app sends the user to sign-in, and back afterwards).
 */
export function sessionFetch(session: Session): typeof fetch {
  return async (input, init) => {
    const send = async () => {
      const headers = new Headers(init?.headers);
      const token = await session.token();
      if (token) headers.set('authorization', `Bearer ${token}`);
      else headers.delete('authorization');
      return fetch(input, { ...init, headers });
    };
    const res = await send();
    if (res.status !== 401 || !session.signedIn) return res;
    if (await session.refresh()) {
      const retried = await send();
      if (retried.status !== 401) return retried;
    }
    session.end();
    return res;
  };
}
