import { commitBody as body, holdParams as params } from '../../shared/holds/request-schemas';
import { commitAs } from '../../shared/holds/settle-hold';
import { httpHandler } from '../../shared/http/handler';

/** POST /v1/quota/holds/{holdId}/commit: record the quantity used (once, under the hold's id) and free the rest. */
export const handler = httpHandler({ params, body }, async ({ params, body, identity }) => ({ body: await commitAs(identity, params.holdId, body.quantity) }));
