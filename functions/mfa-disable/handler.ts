import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { totpCodeSchema } from '../../shared/identity/credentials';
import { disableTotp } from '../../shared/identity/mfa';
import { requireUser, userAccessToken } from '../../shared/identity/require-user';

const body = z.object({ code: totpCodeSchema });

export const handler = httpHandler({ body }, async ({ body, identity, headers }) => {
  const user = requireUser(identity);
  await disableTotp(userAccessToken(headers.authorization), user, body.code);
  return { status: 204 };
});
