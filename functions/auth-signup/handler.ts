import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { emailSchema, passwordSchema } from '../../shared/identity/credentials';
import { signUp } from '../../shared/identity/signup';

const body = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(100).optional(),
  orgName: z.string().trim().min(1).max(100).optional(),
});

export const handler = httpHandler({ body }, async ({ body }) => ({ status: 201, body: await signUp(body) }));
