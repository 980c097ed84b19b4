import { z } from 'zod';
import { featureSchema } from '../plans/catalog';

/** `POST /v1/entitlements/check` (CONTRACT §3); the MCP tool `check_entitlement` takes the same fields (snake_case). */
export const entitlementCheckBody = z.object({ orgId: z.string().min(1).max(64), feature: featureSchema });
