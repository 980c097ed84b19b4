import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateUserToken as validateToken } from '../auth/validate-token';
import { checkFeature } from '../entitlements/check-feature';
import { getOrgEntitlements } from '../entitlements/get-entitlements';
import { NotFoundError, ValidationError } from '../errors';
import { authorizeAs } from '../http/authorize';
import { authorizeOrg } from '../identity/authorize-org';
import { getMe } from '../identity/get-me';
import { featureIds as FEATURES, type Feature } from '../plans/catalog';
import type { AuthService } from './gen/argus/auth/v1/auth_pb';
import { caller } from './rpc-handler';
import { targetOrg } from './target-org';
import { tierOf } from './tier';

/**
 * `argus.auth.v1.AuthService` (CONTRACT §9). Each method is its REST twin's authorization (authorizeAs with the twin's
 * route key) and the twin's one call into shared/; only the message mapping lives here.
 */
export const authService: ServiceImpl<typeof AuthService> = {
  async validateToken(req) {
    // No twin: any authenticated caller may ask (the route's authorizer and scopes already passed).
    if (!req.token) throw new ValidationError([{ path: 'token', message: 'Required: the Cognito access token to validate' }]);
    const v = await validateToken(req.token);
    return { userId: v.userId, email: v.email, tier: tierOf(v.planId), expiresAt: timestampFromDate(v.expiresAt), orgId: v.orgId, planId: v.planId };
  },

  async getUser(req, ctx) {
    const identity = caller(ctx);
    await authorizeAs('GET /v1/me', identity);
    if (identity.kind !== 'user') throw new Error('GET /v1/me admitted a caller that is not a user');
    if (req.userId && req.userId !== identity.userId) throw new NotFoundError('User not found');
    const me = await getMe(identity.userId, identity.username);
    return {
      userId: me.id,
      email: me.email,
      name: me.name ?? '',
      defaultOrgId: me.defaultOrgId,
      orgs: me.orgs.map((o) => ({ orgId: o.id, name: o.name, slug: o.slug, role: o.role, planId: o.planId, tier: tierOf(o.planId) })),
    };
  },

  async getUserTier(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs('GET /v1/orgs/{orgId}/entitlements', identity, orgId);
    const e = await getOrgEntitlements(orgId);
    const features = Object.entries(e.features).flatMap(([feature, on]) => (on ? [feature] : []));
    return { tier: tierOf(e.planId), rateLimit: e.rateLimit.requestsPerMinute, orgId, planId: e.planId, features };
  },

  async checkEntitlement(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs('POST /v1/entitlements/check', identity);
    if (!(FEATURES as readonly string[]).includes(req.feature)) {
      throw new ValidationError([{ path: 'feature', message: `Unknown feature; one of ${FEATURES.join(', ')}` }]);
    }
    // The org is in the message, as in the twin's body: the twin's handler runs this same org check.
    await authorizeOrg(identity, orgId);
    const check = await checkFeature(orgId, req.feature as Feature);
    return { allowed: check.allowed, reason: check.reason, planId: check.planId, orgId };
  },
};
