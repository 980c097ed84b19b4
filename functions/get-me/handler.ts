import { httpHandler } from '../../shared/http/handler';
import { getMe } from '../../shared/identity/get-me';
import { requireUser } from '../../shared/identity/require-user';

export const handler = httpHandler({}, async ({ identity }) => {
  const user = requireUser(identity);
  return { body: await getMe(user.userId, user.username) };
});
