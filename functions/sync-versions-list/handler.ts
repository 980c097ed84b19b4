import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema as query } from '../../shared/http/pagination';
import { listVersions } from '../../shared/sync/read-objects';
import { objectParams as params } from '../../shared/sync/request-schemas';

/** GET /v1/sync/objects/{objectId}/versions: one page of the object's committed versions, newest first. */
export const handler = httpHandler({ params, query }, async ({ params, query, identity }) => ({ body: await listVersions(identity, params.objectId, query) }));
