import { httpHandler } from '../../shared/http/handler';
import { createUpload } from '../../shared/sync/create-upload';
import { createUploadBody as body } from '../../shared/sync/request-schemas';

/** POST /v1/sync/objects: a new version of the caller's object and a presigned PUT (≤ 15 min) for its bytes. */
export const handler = httpHandler({ body }, async ({ body, identity }) => ({ status: 201, body: await createUpload(identity, body) }));
