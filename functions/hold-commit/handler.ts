import { z } from 'zod';
import { commitAs } from '../../shared/holds/settle-hold';
import { httpHandler } from '../../shared/http/handler';

const params = z.object({ holdId: z.string().min(1).max(128) });
const body = z.object({ quantity: z.number().positive().finite() });

/** POST /v1/quota/holds/{holdId}/commit: record the quantity used (once, under the hold's id) and free the rest. */
export const handler = httpHandler({ params, body }, async ({ params, body, identity }) => ({ body: await commitAs(identity, params.holdId, body.quantity) }));
