import { z } from 'zod';

/**
 * Reads the settings a module needs from the environment once, at cold start, and fails fast naming every
 * missing or invalid one. No `?? 'default'` fallbacks for required settings: declare optional ones as optional.
 */
export function readConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`);
    throw new Error(`Missing or invalid setting: ${problems.join(', ')}`);
  }
  return parsed.data;
}
