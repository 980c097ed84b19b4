import { z } from 'zod';

/** Per-stage settings, validated at synth. One place for everything that differs between stages. */
export const STAGES = ['local', 'dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

const stageConfigSchema = z.object({
  stage: z.enum(STAGES),
  /** Keep data when a stack is deleted. */
  retainData: z.boolean(),
  logRetentionDays: z.union([z.literal(7), z.literal(30), z.literal(90), z.literal(365)]),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
  /** Sign-up confirms users without a code. Only the local stage may do this. */
  autoConfirmSignUp: z.boolean(),
  /** Seconds an API-key / token decision may be cached by the authorizer (contract: revoked keys refused within 60 s). */
  authorizerCacheSeconds: z.number().int().min(0).max(60),
  /** Days a past_due subscription keeps its paid access before it falls back to explorer limits. */
  pastDueGraceDays: z.number().int().min(0).max(30),
  /** API Gateway default-route throttling for the whole stage (per-org limits are enforced in the app). */
  /**
   * Browser origins of the console and of customers' apps: CORS answers them, and checkout/portal redirect URLs must lie
   * on one of them. An entry may end in `:*` (any port), e.g. `http://localhost:*`.
   */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/)).min(1),
  /** Where account mail (invitations) comes from on AWS (SES); unset on local, where mail goes to `GET /_local/mail`. */
  mailFrom: z.string().email().optional(),
  apiThrottle: z.object({
    rateLimit: z.number().int().positive(),
    burstLimit: z.number().int().positive(),
  }),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;

const stages: Record<Stage, StageConfig> = {
  local: { stage: 'local', retainData: false, logRetentionDays: 7, logLevel: 'DEBUG', autoConfirmSignUp: true, authorizerCacheSeconds: 2, pastDueGraceDays: 3, allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'], apiThrottle: { rateLimit: 50, burstLimit: 100 } },
  dev: { stage: 'dev', retainData: false, logRetentionDays: 7, logLevel: 'DEBUG', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 3, allowedOrigins: ['http://localhost:*'], mailFrom: 'no-reply@dev.argus.example', apiThrottle: { rateLimit: 50, burstLimit: 100 } },
  staging: { stage: 'staging', retainData: false, logRetentionDays: 30, logLevel: 'INFO', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 3, allowedOrigins: ['https://console.staging.argus.example'], mailFrom: 'no-reply@staging.argus.example', apiThrottle: { rateLimit: 200, burstLimit: 400 } },
  prod: { stage: 'prod', retainData: true, logRetentionDays: 365, logLevel: 'INFO', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 7, allowedOrigins: ['https://console.argus.example'], mailFrom: 'no-reply@argus.example', apiThrottle: { rateLimit: 1000, burstLimit: 2000 } },
};

/** Resolves and validates a stage name from CDK context; throws a readable error for anything else. */
export function stageConfig(name: unknown): StageConfig {
  const parsed = z.enum(STAGES).safeParse(name);
  if (!parsed.success) {
    throw new Error(`Unknown stage ${JSON.stringify(name)}: use -c stage=${STAGES.join('|')}`);
  }
  const config = stageConfigSchema.parse(stages[parsed.data]);
  if (config.autoConfirmSignUp && config.stage !== 'local') {
    throw new Error(`Stage ${config.stage}: autoConfirmSignUp is allowed on the local stage only`);
  }
  return config;
}
