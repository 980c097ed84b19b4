import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { validateLicense } from '../../shared/licenses/validate-license';

const body = z.object({
  licenseKey: z.string().min(1).max(200),
  machineId: z.string().min(1).max(200),
  version: z.string().min(1).max(64),
});

/** POST /v1/licenses/validate (public, rate limited per key and source IP). */
export const handler = httpHandler({ body }, async ({ body, event }) => {
  const { result, headers } = await validateLicense(body, event.requestContext.http.sourceIp);
  return { body: result, headers };
});
