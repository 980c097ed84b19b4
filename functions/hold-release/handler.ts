import { z } from 'zod';
import { releaseAs } from '../../shared/holds/settle-hold';
import { httpHandler } from '../../shared/http/handler';

const params = z.object({ holdId: z.string().min(1).max(128) });

/** POST /v1/quota/holds/{holdId}/release: give the whole hold back (a repeat is a no-op). */
export const handler = httpHandler({ params }, async ({ params, identity }) => {
  await releaseAs(identity, params.holdId);
  return { status: 204 };
});
