import { ArgusClient } from '../../shared/client/argus-client';
import { ArgusAuthClient } from '../../shared/client/auth-client';
import { Session, sessionFetch } from './auth/session';
import type { ConsoleConfig } from './config';

/**
 * The console talks to the public API only, through the same typed client any customer's code uses
 * (`shared/client`), so what it shows is what the API answers.
 */
export interface Api {
  config: ConsoleConfig;
  auth: ArgusAuthClient;
  session: Session;
  client: ArgusClient;
}

let current: Api | undefined;

export function initApi(config: ConsoleConfig): Api {
  const auth = new ArgusAuthClient({ baseUrl: config.apiUrl });
  const session = new Session(auth);
  // The token in the options is a placeholder: sessionFetch sets the session's current one on every call.
  const client = new ArgusClient({ baseUrl: config.apiUrl, token: 'session', fetch: sessionFetch(session), timeoutMs: 20_000 });
  current = { config, auth, session, client };
  return current;
}

export function api(): Api {
  if (!current) throw new Error('initApi() was not called');
  return current;
}

/** The console's own URL for a path of it (redirect URLs of Checkout and the portal). */
export function consoleUrl(path: string): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/$/, '')}${path}`, window.location.origin).toString();
}
