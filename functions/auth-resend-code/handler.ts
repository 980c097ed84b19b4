import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { emailSchema } from '../../shared/identity/credentials';
import { resendConfirmationCode } from '../../shared/identity/password-reset';

const body = z.object({ email: emailSchema });

/** 202 whether or not an unconfirmed account uses the email: the answer must not reveal which emails are registered. */
export const handler = httpHandler({ body }, async ({ body }) => {
  await resendConfirmationCode(body.email);
  return { status: 202, body: { accepted: true } };
});
