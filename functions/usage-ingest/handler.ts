import { usageRequestSchema } from '../../events/usage';
import { httpHandler } from '../../shared/http/handler';
import { ingestUsage } from '../../shared/usage/ingest';

/** POST /v1/usage: 202 `{ accepted, rejected }` once every accepted event is on the usage queue. */
export const handler = httpHandler({ body: usageRequestSchema }, async ({ body, identity }) => ({
  status: 202,
  body: await ingestUsage(identity, body.events),
}));
