import { httpHandler } from '../../shared/http/handler';
import { objectParams as params, restoreBody as body } from '../../shared/sync/request-schemas';
import { restoreVersion } from '../../shared/sync/restore-version';

/** POST /v1/sync/objects/{objectId}/restore { version }: a new latest version with that version's content. */
export const handler = httpHandler({ params, body }, async ({ params, body, identity }) => ({
  status: 201,
  body: await restoreVersion(identity, params.objectId, body.version),
}));
