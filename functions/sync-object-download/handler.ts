import { httpHandler } from '../../shared/http/handler';
import { downloadUrl } from '../../shared/sync/read-objects';
import { downloadQuery as query, objectParams as params } from '../../shared/sync/request-schemas';

/** GET /v1/sync/objects/{objectId}/download?version=: 302 to a presigned GET (≤ 15 min) of the version (default: latest). */
export const handler = httpHandler({ params, query }, async ({ params, query, identity }) => ({
  status: 302,
  headers: { location: await downloadUrl(identity, params.objectId, query.version), 'cache-control': 'no-store' },
}));
