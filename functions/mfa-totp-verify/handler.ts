import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { totpCodeSchema } from '../../shared/identity/credentials';
import { enableTotp } from '../../shared/identity/mfa';
import { requireUser, userAccessToken } from '../../shared/identity/require-user';

const body = z.object({ code: totpCodeSchema });

export const handler = httpHandler({ body }, async ({ body, identity, headers }) => {
  const user = requireUser(identity);
  return { body: await enableTotp(userAccessToken(headers.authorization), body.code, user.userId) };
});
