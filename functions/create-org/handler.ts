import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { createOrgForUser } from '../../shared/identity/create-org';
import { getOrgView } from '../../shared/identity/get-org';
import { requireUser } from '../../shared/identity/require-user';

const body = z.object({ name: z.string().trim().min(1).max(100) });

export const handler = httpHandler({ body }, async ({ body, identity }) => {
  const org = await createOrgForUser(requireUser(identity).userId, body.name);
  return { status: 201, body: await getOrgView(org.id) };
});
