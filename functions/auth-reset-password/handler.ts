import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { codeSchema, emailSchema, passwordSchema } from '../../shared/identity/credentials';
import { resetPassword } from '../../shared/identity/password-reset';

const body = z.object({ email: emailSchema, code: codeSchema, newPassword: passwordSchema });

export const handler = httpHandler({ body }, async ({ body }) => {
  await resetPassword(body.email, body.code, body.newPassword);
  return { body: { reset: true } };
});
