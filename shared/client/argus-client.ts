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

/**
 * Quantities are bounded: > 0 and ≤ 10^12, whole on counted metrics (sum/count), at most 6 decimals on gauges
 * (storage_gb). Out of bounds: 400 on quota check, `invalid_quantity` in `rejected` on usage.
 */
export interface QuotaCheckResult {
  allowed: boolean;
  used: number;
  limit: number;
  remaining: number;
  resetAt: string;
  /** A consume whose id was already counted with the same metric and quantity: nothing was counted this time. */
  duplicate?: true;
}

/** Money: integer minor units. */
export interface Money {
  amount: number;
  currency: 'usd';
}

export interface PlanChangePreview {
  amountDue: Money;
  lines: { description: string; amount: Money }[];
}

export interface Invoice {
  id: string;
  number: string | null;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  amountDue: Money;
  amountPaid: Money;
  periodStart: string;
  periodEnd: string;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
  createdAt: string;
}

export interface InvoicePage {
  invoices: Invoice[];
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
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
  /** `error`: invalid_event, unknown_metric, invalid_quantity, timestamp_out_of_window, unknown_org, forbidden, conflict (the id was used for another metric or quantity). */
  rejected: { index: number; id: string | null; error: string; message: string }[];
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

  /** What changing the org's plan now would charge (a user token of an admin or owner). */
  previewPlanChange(orgId: string, planId: string): Promise<PlanChangePreview> {
    return this.post(`/v1/orgs/${encodeURIComponent(orgId)}/subscription/preview`, { planId });
  }

  /** One page of the org's invoices, newest first (`limit` 1-100, default 50). */
  listInvoices(orgId: string, page: { limit?: number; cursor?: string } = {}): Promise<InvoicePage> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.cursor !== undefined) query.set('cursor', page.cursor);
    const qs = query.toString();
    return this.request('GET', `/v1/orgs/${encodeURIComponent(orgId)}/invoices${qs ? `?${qs}` : ''}`);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await this.fetchFn(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${this.options.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
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
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
