import { httpHandler } from '../../shared/http/handler';
import { checkQuotaAs } from '../../shared/quota/check-quota';
import { quotaCheckBody as body } from '../../shared/quota/request-schemas';

/** POST /v1/quota/check: whether a quantity fits the org's plan this period; with `consume` records it atomically. */
export const handler = httpHandler({ body }, async ({ body, identity }) => ({ body: await checkQuotaAs(identity, body) }));
