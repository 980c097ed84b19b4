import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';

/**
 * The part of EventBridge Scheduler Argus uses, over its real REST-JSON API so the SDK's own calls are what run:
 * `CreateSchedule` (`POST /schedules/{Name}`) and `DeleteSchedule` (`DELETE /schedules/{Name}?groupName=`) of one-time
 * `at(...)` schedules (UTC) with a Lambda target. At its time a schedule invokes the target through `invoke` (the local
 * runner's handler for that ARN), retries a failure like the target's RetryPolicy, and is deleted once it ran when
 * ActionAfterCompletion is DELETE. Schedules are kept in a JSON file, so a restarted stack still fires them.
 */
const createSchema = z.object({
  ScheduleExpression: z.string().regex(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/),
  ScheduleExpressionTimezone: z.literal('UTC').optional(),
  GroupName: z.string().min(1).optional(),
  FlexibleTimeWindow: z.object({ Mode: z.literal('OFF') }),
  ActionAfterCompletion: z.enum(['NONE', 'DELETE']).optional(),
  ClientToken: z.string().optional(),
  Target: z.object({
    Arn: z.string().min(1),
    RoleArn: z.string().min(1),
    Input: z.string().optional(),
    RetryPolicy: z.object({ MaximumRetryAttempts: z.number().int().min(0).max(185).optional(), MaximumEventAgeInSeconds: z.number().int().optional() }).optional(),
  }),
});

interface StoredSchedule {
  name: string;
  group: string;
  atMs: number;
  targetArn: string;
  input: string | undefined;
  retries: number;
  deleteAfter: boolean;
}

export type InvokeTarget = (arn: string, event: unknown) => Promise<unknown>;

export class LocalScheduler {
  private server?: Server;
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private saveTimer?: NodeJS.Timeout;

  constructor(private readonly file: string, private readonly invoke: InvokeTarget, private readonly onError: (error: unknown) => void = () => undefined) {
    if (existsSync(file)) for (const s of JSON.parse(readFileSync(file, 'utf8')) as StoredSchedule[]) this.schedules.set(key(s.group, s.name), s);
  }

  /** Schedules waiting to fire (the local stack's `/_local` view and tests). */
  pending(): StoredSchedule[] {
    return [...this.schedules.values()];
  }

  async listen(port: number): Promise<string> {
    for (const s of this.schedules.values()) this.arm(s);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.route(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  }

  close(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    if (this.saveTimer) this.flush();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private route(req: IncomingMessage, body: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!match) return reply(res, 404, { Message: `Unsupported path ${url.pathname}` }, 'ResourceNotFoundException');
    const name = decodeURIComponent(match[1]);
    if (req.method === 'POST') {
      const parsed = createSchema.safeParse(safeJson(body));
      if (!parsed.success) return reply(res, 400, { Message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 'ValidationException');
      const group = parsed.data.GroupName ?? 'default';
      if (this.schedules.has(key(group, name))) return reply(res, 409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
      const schedule: StoredSchedule = {
        name,
        group,
        atMs: Date.parse(`${parsed.data.ScheduleExpression.slice(3, -1)}Z`),
        targetArn: parsed.data.Target.Arn,
        input: parsed.data.Target.Input,
        retries: parsed.data.Target.RetryPolicy?.MaximumRetryAttempts ?? 185,
        deleteAfter: parsed.data.ActionAfterCompletion === 'DELETE',
      };
      this.schedules.set(key(group, name), schedule);
      this.save();
      this.arm(schedule);
      return reply(res, 200, { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${group}/${name}` });
    }
    if (req.method === 'DELETE') {
      const k = key(url.searchParams.get('groupName') ?? 'default', name);
      if (!this.schedules.has(k)) return reply(res, 404, { Message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
      this.drop(k);
      return reply(res, 200, {});
    }
    reply(res, 405, { Message: `Unsupported method ${req.method}` }, 'ValidationException');
  }

  private arm(s: StoredSchedule): void {
    const k = key(s.group, s.name);
    this.timers.set(k, setTimeout(() => void this.fire(s, 0), Math.max(0, s.atMs - Date.now())));
  }

  private async fire(s: StoredSchedule, attempt: number): Promise<void> {
    const k = key(s.group, s.name);
    try {
      await this.invoke(s.targetArn, s.input === undefined ? {} : safeJson(s.input));
    } catch (error) {
      this.onError(error);
      if (attempt < s.retries && this.schedules.has(k)) {
        this.timers.set(k, setTimeout(() => void this.fire(s, attempt + 1), Math.min(60_000, 1000 * 2 ** attempt)));
        return;
      }
    }
    // A one-time schedule is done once it ran (or gave up): deleted with DELETE, otherwise kept but never fired again.
    if (s.deleteAfter) this.drop(k);
    else this.timers.delete(k);
  }

  private drop(k: string): void {
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.schedules.delete(k);
    this.save();
  }

  /** Written at most every 100 ms: a burst of reserves (the bench's thousands) rewrites the file once, not per schedule. */
  private save(): void {
    this.saveTimer ??= setTimeout(() => this.flush(), 100);
  }

  private flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    writeFileSync(this.file, JSON.stringify(this.pending()));
  }
}

const key = (group: string, name: string) => `${group}/${name}`;

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(body));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
