import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { emailSchema } from '../../shared/identity/credentials';
import { forgotPassword } from '../../shared/identity/password-reset';

const body = z.object({ email: emailSchema });

/** 202 whether or not the account exists: the answer must not reveal which emails are registered. */
export const handler = httpHandler({ body }, async ({ body }) => {
  await forgotPassword(body.email);
  return { status: 202, body: { accepted: true } };
});
