import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { codeSchema, emailSchema } from '../../shared/identity/credentials';
import { confirmSignUp } from '../../shared/identity/password-reset';

const body = z.object({ email: emailSchema, code: codeSchema });

export const handler = httpHandler({ body }, async ({ body }) => {
  await confirmSignUp(body.email, body.code);
  return { body: { confirmed: true } };
});
