import { httpHandler } from '../../shared/http/handler';
import { deleteObject } from '../../shared/sync/delete-object';
import { objectParams as params } from '../../shared/sync/request-schemas';

/** DELETE /v1/sync/objects/{objectId}: 204; its versions are kept 30 days, then expire. */
export const handler = httpHandler({ params }, async ({ params, identity }) => {
  await deleteObject(identity, params.objectId);
  return { status: 204 };
});
