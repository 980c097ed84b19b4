import { reserveAs } from '../../shared/holds/reserve';
import { reserveBody as body } from '../../shared/holds/request-schemas';
import { httpHandler } from '../../shared/http/handler';

/** POST /v1/quota/reserve: hold a quantity against the org's cap until it is committed, released or expires. */
export const handler = httpHandler({ body }, async ({ body, identity }) => ({ body: await reserveAs(identity, body) }));
