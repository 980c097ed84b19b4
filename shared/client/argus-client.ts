/**
 * A small typed client of the Argus API for other services and tests (fetch only, no dependencies). Usage over SQS
 * lives in usage-queue.ts so this file stays dependency-free.
 */
export type Metric = 'llm_tokens' | 'agent_executions' | 'api_calls' | 'storage_gb';

export interface QuotaCheckRequest {
  orgId: string;
  metric: Metric;
  quantity: number;
  consume?: boolean;
  /** Idempotency key of a consume: send one so a retried consume counts once. */
  id?: string;
}

export interface QuotaCheckResult {
  allowed: boolean;
  used: number;
  limit: number;
  remaining: number;
  resetAt: string;
}

export interface EntitlementCheckRequest {
  orgId: string;
  feature: string;
}

export interface EntitlementCheckResult {
  allowed: boolean;
  planId: string;
  reason: string | null;
}

export interface UsageEvent {
  /** 1-128 characters, the idempotency key per org. */
  id: string;
  orgId: string;
  metric: Metric;
  quantity: number;
  timestamp?: string;
  properties?: Record<string, unknown>;
}

export interface RecordUsageResult {
  accepted: number;
  rejected: { index: number; id: string | null; error: string }[];
}

/** A non-2xx answer, with the contract's error body. `retryAfterSeconds` is set on 429. */
export class ArgusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly retryAfterSeconds: number | undefined,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ArgusApiError';
  }
}

export interface ArgusClientOptions {
  /** e.g. `https://api.example.com` or the local stack's `apiUrl`. */
  baseUrl: string;
  /** An API key (`ak_…`) or a Cognito access token. */
  token: string;
  fetch?: typeof fetch;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export class ArgusClient {
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly options: ArgusClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  quotaCheck(request: QuotaCheckRequest): Promise<QuotaCheckResult> {
    return this.post('/v1/quota/check', request);
  }

  entitlementCheck(request: EntitlementCheckRequest): Promise<EntitlementCheckResult> {
    return this.post('/v1/entitlements/check', request);
  }

  /** POST /v1/usage: up to 1000 events per call (larger lists are sent in chunks and the answers merged). */
  async recordUsage(events: UsageEvent[]): Promise<RecordUsageResult> {
    const merged: RecordUsageResult = { accepted: 0, rejected: [] };
    for (let offset = 0; offset < events.length; offset += 1000) {
      const part = await this.post<RecordUsageResult>('/v1/usage', { events: events.slice(offset, offset + 1000) });
      merged.accepted += part.accepted;
      merged.rejected.push(...part.rejected.map((r) => ({ ...r, index: r.index + offset })));
    }
    return merged;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return argusRequest<T>({ ...this.options, fetch: this.fetchFn, baseUrl: this.baseUrl }, 'POST', path, body);
  }
}

/** One call to the API: JSON in and out; a non-2xx answer throws ArgusApiError with the contract's error body. */
export async function argusRequest<T>(
  options: { baseUrl: string; token?: string; fetch?: typeof fetch; timeoutMs?: number },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  const parsed = parseJson(text);
  if (res.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; requestId?: string; details?: { path: string; message: string }[] } } | undefined)?.error;
  const retryAfter = res.headers.get('retry-after');
  throw new ArgusApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${res.status}`,
    error?.requestId ?? res.headers.get('x-request-id') ?? undefined,
    retryAfter ? Number(retryAfter) : undefined,
    error?.details,
  );
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
