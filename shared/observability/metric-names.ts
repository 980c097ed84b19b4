/**
 * Business and health counters, emitted as CloudWatch Embedded Metric Format lines on stdout: CloudWatch Logs turns
 * them into metrics in namespace `Argus` with one dimension, `Stage`, at no API call's cost. The stage's dashboard and
 * alarms (infra/constructs/operations.ts) read exactly these names. Locally nothing is written (no CloudWatch).
 */
export const METRICS_NAMESPACE = 'Argus';
export const METRIC_DIMENSION = 'Stage';

export const ARGUS_METRICS = {
  /** A sign-up was accepted (one per new account). */
  SignUps: 'Count',
  /** A checkout session was created. */
  Checkouts: 'Count',
  /** A license validation was answered (valid or not). */
  LicenseValidations: 'Count',
  /** Meter events Stripe refused (never retried as they are: someone must look). */
  MeterSendsRejected: 'Count',
  /** Meter watermarks left `pending` longer than the sink's retry window (sent or not, nobody knows yet). */
  MeterSendsStuck: 'Count',
} as const;
export type ArgusMetric = keyof typeof ARGUS_METRICS;
