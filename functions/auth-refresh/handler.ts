import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { refreshTokens } from '../../shared/identity/login';

const body = z.object({ refreshToken: z.string().min(1).max(8192) });

export const handler = httpHandler({ body }, async ({ body }) => ({ body: await refreshTokens(body.refreshToken) }));
