import { httpHandler } from '../../shared/http/handler';
import { listObjects } from '../../shared/sync/read-objects';
import { listObjectsQuery as query } from '../../shared/sync/request-schemas';

/** GET /v1/sync/objects?orgId=&objectType=: one page of the caller's objects in the org, latest versions. */
export const handler = httpHandler({ query }, async ({ query, identity }) => {
  const { orgId, objectType, ...page } = query;
  return { body: await listObjects(identity, orgId, objectType, page) };
});
