import { httpHandler } from '../../shared/http/handler';
import { startTotpEnrolment } from '../../shared/identity/mfa';
import { requireUser, userAccessToken } from '../../shared/identity/require-user';

/** The secret is in this answer only (Cognito keeps it); enrolment ends with POST /v1/me/mfa/totp/verify. */
export const handler = httpHandler({}, async ({ identity, headers }) => {
  const user = requireUser(identity);
  return { body: await startTotpEnrolment(userAccessToken(headers.authorization), user) };
});
