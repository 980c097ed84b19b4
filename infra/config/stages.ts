import { z } from 'zod';
import { originAllowed } from '../../shared/http/origin-patterns';
import { catalog } from '../../shared/plans/catalog';

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
  /**
   * Browser origins of the console and of customers' apps: CORS answers them, and checkout/portal redirect URLs must lie
   * on one of them. An entry may end in `:*` (any port), e.g. `http://localhost:*`.
   */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/)).min(1),
  /** Where account mail (invitations) comes from on AWS (SES); unset on local, where mail goes to `GET /_local/mail`. */
  mailFrom: z.string().email().optional(),
  /**
   * API Gateway default-route throttling for the whole stage, requests per second (per-org limits are enforced in the
   * app). On deployed stages it must carry the largest tier's rate on its own (checked below); API Gateway's account
   * quota in a region (10,000 rps, burst 5,000 unless raised) caps what a stage can have.
   */
  apiThrottle: z.object({
    rateLimit: z.number().int().positive().max(10_000),
    burstLimit: z.number().int().positive().max(5_000),
  }),
  /**
   * Deployed stages only: CloudFront in front of the API with AWS WAF. `perIpRequestsPerMinute` is the rate-based rule
   * (requests per client IP per minute, counted by WAF over its window; at least 10 per minute).
   */
  edge: z.object({ perIpRequestsPerMinute: z.number().int().min(10) }).optional(),
  /** Where the stage's alarms go: each address is subscribed to the alarm topic (and must confirm once). */
  alarmEmails: z.array(z.string().email()),
  /**
   * Single sign-on through the user pool's managed login (deployed stages). Callback and logout URLs must lie on
   * `allowedOrigins`; providers are OIDC or SAML, each from one of the vendors below. An OIDC client secret is read at
   * deploy time from the Secrets Manager secret `argus/<stage>/sso/<name>` (never in the template or this file).
   */
  sso: z
    .object({
      /** `<domainPrefix>.auth.<region>.amazoncognito.com` */
      domainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
      callbackUrls: z.array(z.url()).min(1),
      logoutUrls: z.array(z.url()).min(1),
      providers: z.array(
        z.discriminatedUnion('protocol', [
          z.object({
            protocol: z.literal('oidc'),
            vendor: z.enum(['okta', 'azure-ad', 'google-workspace']),
            /** The provider's name in Cognito and in `identity_provider=` of the authorize URL. */
            name: z.string().regex(/^[A-Za-z0-9_-]{3,32}$/),
            issuerUrl: z.url(),
            clientId: z.string().min(1),
            /** Email domains that route to this provider (Cognito `IdpIdentifiers`, so the console can pick by address). */
            emailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
          }),
          z.object({
            protocol: z.literal('saml'),
            vendor: z.enum(['okta', 'azure-ad', 'google-workspace']),
            name: z.string().regex(/^[A-Za-z0-9_-]{3,32}$/),
            metadataUrl: z.url(),
            emailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
          }),
        ]),
      ),
    })
    .optional(),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;
export type SsoConfig = NonNullable<StageConfig['sso']>;
export type SsoProvider = SsoConfig['providers'][number];

const stages: Record<Stage, z.input<typeof stageConfigSchema>> = {
  local: { stage: 'local', retainData: false, logRetentionDays: 7, logLevel: 'DEBUG', autoConfirmSignUp: true, authorizerCacheSeconds: 2, pastDueGraceDays: 3, allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'], apiThrottle: { rateLimit: 50, burstLimit: 100 }, alarmEmails: [] },
  dev: { stage: 'dev', retainData: false, logRetentionDays: 7, logLevel: 'DEBUG', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 3, allowedOrigins: ['http://localhost:*'], mailFrom: 'no-reply@dev.argus.example', apiThrottle: { rateLimit: 2000, burstLimit: 2000 }, edge: { perIpRequestsPerMinute: 600 }, alarmEmails: [] },
  staging: { stage: 'staging', retainData: false, logRetentionDays: 30, logLevel: 'INFO', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 3, allowedOrigins: ['https://console.staging.argus.example'], mailFrom: 'no-reply@staging.argus.example', apiThrottle: { rateLimit: 2000, burstLimit: 2000 }, edge: { perIpRequestsPerMinute: 600 }, alarmEmails: [],
    sso: { domainPrefix: 'argus-staging', callbackUrls: ['https://console.staging.argus.example/auth/callback'], logoutUrls: ['https://console.staging.argus.example/'], providers: [] } },
  prod: { stage: 'prod', retainData: true, logRetentionDays: 365, logLevel: 'INFO', autoConfirmSignUp: false, authorizerCacheSeconds: 30, pastDueGraceDays: 7, allowedOrigins: ['https://console.argus.example'], mailFrom: 'no-reply@argus.example', apiThrottle: { rateLimit: 5000, burstLimit: 5000 }, edge: { perIpRequestsPerMinute: 1200 }, alarmEmails: [],
    sso: { domainPrefix: 'argus-console', callbackUrls: ['https://console.argus.example/auth/callback'], logoutUrls: ['https://console.argus.example/'], providers: [] } },
};

/** Resolves and validates a stage name from CDK context; throws a readable error for anything else. */
export function stageConfig(name: unknown): StageConfig {
  const parsed = z.enum(STAGES).safeParse(name);
  if (!parsed.success) {
    throw new Error(`Unknown stage ${JSON.stringify(name)}: use -c stage=${STAGES.join('|')}`);
  }
  return validateStageConfig(stages[parsed.data]);
}

/** Parses one stage's settings and checks the rules that span fields; throws a readable error. */
export function validateStageConfig(raw: z.input<typeof stageConfigSchema>): StageConfig {
  const config = stageConfigSchema.parse(raw);
  if (config.autoConfirmSignUp && config.stage !== 'local') {
    throw new Error(`Stage ${config.stage}: autoConfirmSignUp is allowed on the local stage only`);
  }
  if (config.stage !== 'local') {
    // One org on the largest tier may use its whole budget at once; the stage throttle must not refuse it first.
    const largest = Math.max(...catalog.plans.map((p) => p.rateLimit.requestsPerMinute));
    if (config.apiThrottle.rateLimit * 60 < largest) {
      throw new Error(`Stage ${config.stage}: apiThrottle.rateLimit ${config.apiThrottle.rateLimit}/s is below the largest tier (${largest}/min)`);
    }
  }
  for (const url of [...(config.sso?.callbackUrls ?? []), ...(config.sso?.logoutUrls ?? [])]) {
    if (!originAllowed(config.allowedOrigins, new URL(url).origin)) {
      throw new Error(`Stage ${config.stage}: SSO URL ${url} is not on the stage's allowedOrigins`);
    }
  }
  return config;
}
