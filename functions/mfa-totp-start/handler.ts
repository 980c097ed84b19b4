import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { startTotpEnrolment } from '../../shared/identity/mfa';
import { requireUser, userAccessToken } from '../../shared/identity/require-user';

// Nothing to send: no body or `{}`; anything else is a mistake worth a 400 rather than silence.
const body = z.strictObject({}).optional();

/** The secret is in this answer only (Cognito keeps it); enrolment ends with POST /v1/me/mfa/totp/verify. */
export const handler = httpHandler({ body }, async ({ identity, headers }) => {
  const user = requireUser(identity);
  return { body: await startTotpEnrolment(userAccessToken(headers.authorization), user) };
});
