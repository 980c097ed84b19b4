/**
 * A small typed client of the Argus API for other services and tests (fetch only, no dependencies). Usage over SQS
 * lives in usage-queue.ts so this file stays dependency-free.
 */
/**
 * A metric id of the stage's plan catalog (the operator's data: catalog/v<n>.json, listed by `GET /v1/plans`), so a
 * string here: the client is not rebuilt when an operator adds a metric. The API refuses an unknown one with 400.
 */
export type Metric = string;

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
  /** max(0, included - what the included amount already covers) + credits. */
  remaining: number;
  /** The org's spendable credit balance for the metric. */
  credits: number;
  resetAt: string;
  /** A consume whose id was already counted with the same metric and quantity: nothing was counted this time. */
  duplicate?: true;
  /** Refused on a soft cap: the period's billed overage would pass the org's spend limit. */
  reason?: 'spend_limit';
}

export interface ReserveRequest {
  orgId: string;
  metric: Metric;
  quantity: number;
  /** Idempotency key of the reserve, and the usage event id its commit records. */
  id: string;
  /** 1-3600, default 300: an uncommitted hold is released after this. */
  ttlSeconds?: number;
}

export interface Reservation {
  reserved: boolean;
  /** null when not reserved. */
  holdId: string | null;
  expiresAt: string | null;
  used: number;
  held: number;
  limit: number;
  remaining: number;
  credits: number;
  /** Not reserved on a soft cap: the period's billed overage would pass the org's spend limit. */
  reason?: 'spend_limit';
}

/** GET|PUT /v1/orgs/{orgId}/spend-limit: the monthly overage budget; null = none. */
export interface SpendLimit {
  monthlyOverage: Money | null;
}

export interface CommitResult {
  committed: number;
  used: number;
  remaining: number;
  /** The commit was above the hold and passed a hard cap (it was recorded anyway: the work was done). */
  exceeded: boolean;
}

export interface CreditGrant {
  id: string;
  metric: Metric;
  quantity: number;
  remaining: number;
  expiresAt: string | null;
  source: 'purchase' | 'grant';
  createdAt: string;
}

export interface CreditsPage {
  /** Spendable credits per metric (active grants). */
  balances: Record<Metric, number>;
  grants: CreditGrant[];
  nextCursor: string | null;
}

export interface GrantRequest {
  id: string;
  metric: Metric;
  quantity: number;
  expiresAt?: string;
  reason: string;
}

/** The hold could not be made (`reserved: false`): the cap (included + credits) has no room for the quantity. */
export class HoldRefusedError extends Error {
  constructor(readonly reservation: Reservation) {
    super(`no room to reserve: ${reservation.remaining} remaining`);
    this.name = 'HoldRefusedError';
  }
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

/** GET .../invoices/upcoming: the next invoice as it stands now (usage the meter sink has not reported yet included). */
export interface UpcomingInvoice {
  amountDue: Money;
  periodStart: string;
  periodEnd: string;
  lines: { description: string; quantity: number | null; amount: Money; periodStart: string; periodEnd: string }[];
}

/** A credit pack bought through Stripe Checkout (payment mode, any plan); the credits are granted once it is paid. */
export interface PackCheckoutRequest {
  packId: string;
  /** Packs bought at once (1-100, default 1). */
  quantity?: number;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  /** Stripe's hosted page: send the person there to pay. */
  url: string;
}

/** One audit-log entry (CONTRACT §3 "Audit log"); `action` is one of the contract's actions (`member.joined`, ...). */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: 'user' | 'apiKey' | 'stripe' | 'system' | 'operator'; id: string };
  action: string;
  target: string;
  details: Record<string, unknown>;
}

export interface AuditLogPage {
  entries: AuditEntry[];
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

export type OrgRole = 'owner' | 'admin' | 'member';

/** One page of a list (CONTRACT §1): pass `nextCursor` back as `cursor` until it is null. */
export interface PageRequest {
  /** 1–100, default 50. */
  limit?: number;
  cursor?: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: string;
}

export interface ReceivedInvitation {
  id: string;
  orgId: string;
  orgName: string;
  role: OrgRole;
  expiresAt: string;
}

export interface JoinedOrg {
  orgId: string;
  userId: string;
  role: OrgRole;
  joinedAt: string;
}

/** Which period a usage read is about (CONTRACT §3): the current one (default), the previous one, or the one in force at `at`. */
export type UsagePeriodQuery = { period?: 'current' | 'previous' } | { at: string };

/** Money whose amount is a decimal string of minor units (sub-cent accrual, CONTRACT §1). */
export interface AccruedMoney {
  amount: string;
  currency: 'usd';
}

export interface UsageSummary {
  period: { start: string; end: string };
  metrics: {
    metric: Metric;
    unit: string;
    aggregation: string;
    used: number;
    included: number;
    credits: number;
    remaining: number;
    percent: number;
    capType: 'hard' | 'soft';
    overage: number;
    overageAmount: AccruedMoney;
    projected: number;
  }[];
}

export interface UsageSeries {
  metric: Metric;
  period: { start: string; end: string };
  /** The sum of `series` (a gauge: its maximum). */
  total: number;
  series: { start: string; value: number }[];
}

/** Sync (CONTRACT §8): a signed-in user's objects within an org. */
export type SyncObjectType = 'memory_context' | 'project_config';

export interface SyncUploadRequest {
  orgId: string;
  objectType: SyncObjectType;
  objectPath: string;
  /** `sha256:<hex>` of the bytes to upload. */
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  /** The latest committed version this upload replaces; required once the object has one (else 409). */
  baseVersion?: number;
}

export interface SyncUploadTicket {
  objectId: string;
  version: number;
  /** PUT the bytes here (plain HTTP, no Argus credentials) with `uploadHeaders`, before `uploadExpiresAt`. */
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  uploadExpiresAt: string;
}

export interface SyncCommittedVersion {
  objectId: string;
  version: number;
  checksum: string;
  sizeBytes: number;
  committedAt: string;
}

export interface SyncObject {
  objectId: string;
  orgId: string;
  objectType: SyncObjectType;
  objectPath: string;
  version: number;
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  committedAt: string;
}

export interface SyncVersion {
  version: number;
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  committedAt: string;
  restoredFrom: number | null;
}

/** A telemetry event (CONTRACT §8): `id` makes resending safe. */
export interface TelemetryEvent {
  id: string;
  eventType: string;
  /** ISO-8601. */
  timestamp: string;
  commandName?: string;
  agentId?: string;
  executionTimeMs?: number;
  tokensUsed?: number;
  llmProvider?: string;
  llmModel?: string;
  success?: boolean;
  errorType?: string;
  deviceId?: string;
  version?: string;
  metadata?: Record<string, unknown>;
}

export interface RecordTelemetryResult {
  accepted: number;
  rejected: { index: number; id: string | null; error: string; message: string }[];
}

export interface AnalyticsQuery {
  /** UTC dates, YYYY-MM-DD (both included; at most 400 days; default the 30 days ending today). */
  from?: string;
  to?: string;
  groupBy?: 'eventType' | 'commandName' | 'agentId' | 'day';
}

export interface AnalyticsRows {
  rows: { key: string | null; count: number; errors: number; p50Ms: number | null; p95Ms: number | null; tokens: number }[];
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

  /**
   * What changing the org's plan (and, given, how often its fee is billed: `month` or `year`; default the current
   * interval) now would charge (a user token of an admin or owner). During a trial: 0.
   */
  previewPlanChange(orgId: string, planId: string, interval?: 'month' | 'year'): Promise<PlanChangePreview> {
    return this.post(`/v1/orgs/${enc(orgId)}/subscription/preview`, interval ? { planId, interval } : { planId });
  }

  /** POST /v1/quota/reserve: hold a quantity against the cap (idempotent on `id`); `reserved: false` when it does not fit. */
  reserve(request: ReserveRequest): Promise<Reservation> {
    return this.post('/v1/quota/reserve', request);
  }

  /** Records `quantity` under the hold's id (once) and frees the rest of the hold. */
  commit(holdId: string, quantity: number): Promise<CommitResult> {
    return this.post(`/v1/quota/holds/${enc(holdId)}/commit`, { quantity });
  }

  /** Gives the hold back (a repeat is a no-op). */
  async release(holdId: string): Promise<void> {
    await this.send('POST', `/v1/quota/holds/${enc(holdId)}/release`);
  }

  /**
   * Reserves, runs `fn`, then commits what `fn` returns as used (its `used`, or the reserved quantity when it returns
   * nothing) or releases the hold when `fn` throws (and rethrows). A refused reserve throws HoldRefusedError without
   * running `fn`. Keep `fn` within `ttlSeconds`: an expired hold can no longer be committed.
   */
  async withHold<T>(request: ReserveRequest, fn: (hold: Reservation) => Promise<T | { used: number; result: T }>): Promise<{ result: T; commit: CommitResult }> {
    const hold = await this.reserve(request);
    if (!hold.reserved || !hold.holdId) throw new HoldRefusedError(hold);
    let outcome: T | { used: number; result: T };
    try {
      outcome = await fn(hold);
    } catch (error) {
      await this.release(hold.holdId).catch(() => undefined);
      throw error;
    }
    const used = isUsed(outcome) ? outcome.used : request.quantity;
    const result = isUsed(outcome) ? outcome.result : (outcome as T);
    return { result, commit: await this.commit(hold.holdId, used) };
  }

  /** GET /v1/orgs/{orgId}/spend-limit: the org's monthly overage budget (a member; a key with `read`). */
  getSpendLimit(orgId: string): Promise<SpendLimit> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/spend-limit`);
  }

  /** PUT /v1/orgs/{orgId}/spend-limit (an admin's or owner's token): sets the budget, or removes it with null. */
  setSpendLimit(orgId: string, limit: SpendLimit): Promise<SpendLimit> {
    return this.send('PUT', `/v1/orgs/${enc(orgId)}/spend-limit`, limit);
  }

  /** GET /v1/orgs/{orgId}/credits: balances per metric and one page of grants. */
  credits(orgId: string, page: PageRequest = {}): Promise<CreditsPage> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/credits${pageQuery(page)}`);
  }

  /** POST /v1/orgs/{orgId}/credits (the platform service key): idempotent on `id`. */
  grantCredits(orgId: string, grant: GrantRequest): Promise<CreditGrant> {
    return this.post(`/v1/orgs/${enc(orgId)}/credits`, grant);
  }


  /** One page of the org's invoices, newest first (`limit` 1-100, default 50). */
  listInvoices(orgId: string, page: PageRequest = {}): Promise<InvoicePage> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/invoices${pageQuery(page)}`);
  }

  /** The org's next invoice as it stands now (member token or a `read` key). */
  upcomingInvoice(orgId: string): Promise<UpcomingInvoice> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/invoices/upcoming`);
  }

  /** Starts a Stripe Checkout for a credit pack (an admin's or owner's token); pay at the answer's `url`. */
  buyCreditPack(orgId: string, request: PackCheckoutRequest): Promise<CheckoutSession> {
    return this.post(`/v1/orgs/${enc(orgId)}/checkout`, request);
  }

  /** One page of the org's audit log, newest first (an admin's or owner's token), optionally one `action` only. */
  auditLog(orgId: string, query: PageRequest & { action?: string } = {}): Promise<AuditLogPage> {
    const page = pageQuery(query);
    const action = query.action === undefined ? '' : `${page ? '&' : '?'}action=${enc(query.action)}`;
    return this.send('GET', `/v1/orgs/${enc(orgId)}/audit-log${page}${action}`);
  }

  // Members and invitations (a user's access token: these routes take no API key).

  listMembers(orgId: string, page: PageRequest = {}): Promise<{ members: Member[]; nextCursor: string | null }> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/members${pageQuery(page)}`);
  }

  changeMemberRole(orgId: string, userId: string, role: OrgRole): Promise<Member> {
    return this.send('PATCH', `/v1/orgs/${enc(orgId)}/members/${enc(userId)}`, { role });
  }

  /** Removes a member (admin), or leaves the org when `userId` is the caller's own. */
  async removeMember(orgId: string, userId: string): Promise<void> {
    await this.send('DELETE', `/v1/orgs/${enc(orgId)}/members/${enc(userId)}`);
  }

  invite(orgId: string, email: string, role: OrgRole): Promise<Invitation> {
    return this.send('POST', `/v1/orgs/${enc(orgId)}/invitations`, { email, role });
  }

  listInvitations(orgId: string, page: PageRequest = {}): Promise<{ invitations: Invitation[]; nextCursor: string | null }> {
    return this.send('GET', `/v1/orgs/${enc(orgId)}/invitations${pageQuery(page)}`);
  }

  async withdrawInvitation(orgId: string, invitationId: string): Promise<void> {
    await this.send('DELETE', `/v1/orgs/${enc(orgId)}/invitations/${enc(invitationId)}`);
  }

  myInvitations(page: PageRequest = {}): Promise<{ invitations: ReceivedInvitation[]; nextCursor: string | null }> {
    return this.send('GET', `/v1/me/invitations${pageQuery(page)}`);
  }

  acceptInvitation(invitationId: string): Promise<JoinedOrg> {
    return this.send('POST', `/v1/invitations/${enc(invitationId)}/accept`);
  }

  async declineInvitation(invitationId: string): Promise<void> {
    await this.send('POST', `/v1/invitations/${enc(invitationId)}/decline`);
  }

  /** GET /v1/orgs/{orgId}/usage: every metric for a period. */
  usage(orgId: string, query: UsagePeriodQuery = {}): Promise<UsageSummary> {
    return this.get(`/v1/orgs/${enc(orgId)}/usage`, query);
  }

  /** GET /v1/orgs/{orgId}/usage/{metric}: a period's total and daily series, or a daily series over dates (`from`/`to`, YYYY-MM-DD, ≤ 400 days). */
  usageSeries(orgId: string, metric: Metric, query: UsagePeriodQuery | { from: string; to: string } = {}): Promise<UsageSeries> {
    return this.get(`/v1/orgs/${enc(orgId)}/usage/${enc(metric)}`, query);
  }

  /**
   * POST /v1/mcp: one JSON-RPC message (or batch) to the MCP endpoint (a key with `mcp:invoke`, or a user's token);
   * its JSON-RPC answer, or undefined when it had nothing to answer (notifications: 202). What an MCP client library
   * would send over Streamable HTTP; `npx argus mcp` relays stdio through it.
   */
  mcp(message: unknown, protocolVersion?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream', ...(protocolVersion ? { 'mcp-protocol-version': protocolVersion } : {}) };
    return argusRequest({ ...this.options, fetch: this.fetchFn, baseUrl: this.baseUrl, headers }, 'POST', '/v1/mcp', message);
  }

  /** POST /v1/sync/objects: a new version and its presigned upload URL (409 `conflict` on a stale `baseVersion`, 402 over the storage cap). */
  createSyncUpload(request: SyncUploadRequest): Promise<SyncUploadTicket> {
    return this.post('/v1/sync/objects', request);
  }

  /** PUTs the bytes to a ticket's presigned URL (S3 itself; no Argus call). */
  async uploadSyncBytes(ticket: SyncUploadTicket, bytes: Uint8Array): Promise<void> {
    const res = await this.fetchFn(ticket.uploadUrl, { method: 'PUT', headers: ticket.uploadHeaders, body: bytes, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new ArgusApiError(res.status, 'upload_failed', `The storage refused the upload (HTTP ${res.status})`, undefined, undefined);
  }

  /** POST …/versions/{version}/commit: 400 when the uploaded bytes differ from the declared ones, 409 when another device committed first. */
  commitSyncVersion(objectId: string, version: number): Promise<SyncCommittedVersion> {
    return this.post(`/v1/sync/objects/${enc(objectId)}/versions/${version}/commit`, undefined);
  }

  /** GET /v1/sync/objects: one page of the caller's objects in an org (latest versions). */
  listSyncObjects(orgId: string, objectType?: SyncObjectType, page: PageRequest = {}): Promise<{ objects: SyncObject[]; nextCursor: string | null }> {
    return this.get('/v1/sync/objects', { orgId, objectType, limit: page.limit?.toString(), cursor: page.cursor });
  }

  /** GET /v1/sync/objects/{objectId}/versions: committed versions, newest first. */
  listSyncVersions(objectId: string, page: PageRequest = {}): Promise<{ versions: SyncVersion[]; nextCursor: string | null }> {
    return this.send('GET', `/v1/sync/objects/${enc(objectId)}/versions${pageQuery(page)}`);
  }

  /** GET …/download: the presigned GET URL (≤ 15 min) the API redirects to, for a version or the latest. */
  async syncDownloadUrl(objectId: string, version?: number): Promise<string> {
    const query = version === undefined ? '' : `?version=${version}`;
    const res = await this.fetchFn(`${this.baseUrl}/v1/sync/objects/${enc(objectId)}/download${query}`, {
      headers: { authorization: `Bearer ${this.options.token}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const location = res.headers.get('location');
    if (res.status === 302 && location) return location;
    const error = (parseJson(await res.text()) as { error?: { code?: string; message?: string; requestId?: string } } | undefined)?.error;
    throw new ArgusApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`, error?.requestId, undefined);
  }

  /** POST …/restore: a new latest version with an older version's content. */
  restoreSyncVersion(objectId: string, version: number): Promise<SyncCommittedVersion & { restoredFrom: number }> {
    return this.post(`/v1/sync/objects/${enc(objectId)}/restore`, { version });
  }

  /** DELETE /v1/sync/objects/{objectId}: gone from lists; versions kept 30 days. */
  async deleteSyncObject(objectId: string): Promise<void> {
    await this.send('DELETE', `/v1/sync/objects/${enc(objectId)}`);
  }

  /** POST /v1/analytics/events: up to 500 events per call (larger lists are sent in chunks and the answers merged). */
  async recordTelemetry(orgId: string, events: TelemetryEvent[]): Promise<RecordTelemetryResult> {
    const merged: RecordTelemetryResult = { accepted: 0, rejected: [] };
    for (let offset = 0; offset < events.length; offset += 500) {
      const part = await this.post<RecordTelemetryResult>('/v1/analytics/events', { orgId, events: events.slice(offset, offset + 500) });
      merged.accepted += part.accepted;
      merged.rejected.push(...part.rejected.map((r) => ({ ...r, index: r.index + offset })));
    }
    return merged;
  }

  /** GET /v1/orgs/{orgId}/analytics: the day rollups of a date range merged per `groupBy`. */
  analytics(orgId: string, query: AnalyticsQuery = {}): Promise<AnalyticsRows> {
    return this.get(`/v1/orgs/${enc(orgId)}/analytics`, { ...query });
  }

  private get<T>(path: string, query: Record<string, string | undefined>): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    return this.send('GET', params.size ? `${path}?${params}` : path);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.send('POST', path, body);
  }

  private send<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return argusRequest<T>({ ...this.options, fetch: this.fetchFn, baseUrl: this.baseUrl }, method, path, body);
  }
}

const enc = encodeURIComponent;

function isUsed<T>(outcome: T | { used: number; result: T }): outcome is { used: number; result: T } {
  return typeof outcome === 'object' && outcome !== null && 'used' in outcome && 'result' in outcome && typeof (outcome as { used: unknown }).used === 'number';
}

function pageQuery(page: PageRequest): string {
  const params = new URLSearchParams();
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (page.cursor !== undefined) params.set('cursor', page.cursor);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** One call to the API: JSON in and out; a non-2xx answer throws ArgusApiError with the contract's error body. */
export async function argusRequest<T>(
  options: { baseUrl: string; token?: string; fetch?: typeof fetch; timeoutMs?: number; headers?: Record<string, string> },
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
    method,
    headers: { ...options.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
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
