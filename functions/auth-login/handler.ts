import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { emailSchema } from '../../shared/identity/credentials';
import { login } from '../../shared/identity/login';

// No password policy here: an old password that fails today's policy must still get the same 401 as a wrong one.
const body = z.object({ email: emailSchema, password: z.string().min(1).max(256) });

export const handler = httpHandler({ body }, async ({ body }) => ({ body: await login(body.email, body.password) }));
