import { analyticsRequestSchema } from '../../events/analytics';
import { ingestTelemetry } from '../../shared/analytics/ingest';
import { httpHandler } from '../../shared/http/handler';

/** POST /v1/analytics/events: 202 `{ accepted, rejected }` once every accepted event is on the analytics queue. */
export const handler = httpHandler({ body: analyticsRequestSchema }, async ({ body, identity }) => ({
  status: 202,
  body: await ingestTelemetry(identity, body.orgId, body.events),
}));
