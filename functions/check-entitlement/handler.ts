import { checkFeature } from '../../shared/entitlements/check-feature';
import { entitlementCheckBody as body } from '../../shared/entitlements/request-schemas';
import { httpHandler } from '../../shared/http/handler';
import { authorizeOrg } from '../../shared/identity/authorize-org';

/** The org is in the body, so the org check runs here (same rules as `{orgId}` routes: non-member 404, other org's key 403). */
export const handler = httpHandler({ body }, async ({ body, identity }) => {
  await authorizeOrg(identity, body.orgId);
  return { body: await checkFeature(body.orgId, body.feature) };
});
