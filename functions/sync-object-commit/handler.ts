import { httpHandler } from '../../shared/http/handler';
import { commitUpload } from '../../shared/sync/commit-upload';
import { versionParams as params } from '../../shared/sync/request-schemas';

/** POST /v1/sync/objects/{objectId}/versions/{version}/commit: verifies the uploaded bytes and makes the version the latest. */
export const handler = httpHandler({ params }, async ({ params, identity }) => ({ body: await commitUpload(identity, params.objectId, params.version) }));
