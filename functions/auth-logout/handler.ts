import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { logout } from '../../shared/identity/sessions';

const body = z.object({ refreshToken: z.string().min(1).max(8192) });

/** 204 for any refresh token, working or not: logging out twice is not an error, and the answer reveals nothing. */
export const handler = httpHandler({ body }, async ({ body }) => {
  await logout(body.refreshToken);
  return { status: 204 };
});
