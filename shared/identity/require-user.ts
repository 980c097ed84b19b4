import type { Identity } from '../auth/identity';
import { ForbiddenError, UnauthorizedError } from '../errors';

/** For routes only a signed-in person may use: an API key is refused with 403, no identity with 401. */
export function requireUser(identity: Identity): Extract<Identity, { kind: 'user' }> {
  if (identity.kind === 'user') return identity;
  if (identity.kind === 'key') throw new ForbiddenError('This needs a signed-in user, not an API key');
  throw new UnauthorizedError();
}
