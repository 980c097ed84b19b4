import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { emailSchema, totpCodeSchema } from '../../shared/identity/credentials';
import { completeTotpLogin } from '../../shared/identity/mfa';

const body = z.object({ email: emailSchema, session: z.string().min(1).max(4096), code: totpCodeSchema });

export const handler = httpHandler({ body }, async ({ body }) => ({ body: await completeTotpLogin(body.email, body.session, body.code) }));
