import { holdParams as params } from '../../shared/holds/request-schemas';
import { releaseAs } from '../../shared/holds/settle-hold';
import { httpHandler } from '../../shared/http/handler';

/** POST /v1/quota/holds/{holdId}/release: give the whole hold back (a repeat is a no-op). */
export const handler = httpHandler({ params }, async ({ params, identity }) => {
  await releaseAs(identity, params.holdId);
  return { status: 204 };
});
