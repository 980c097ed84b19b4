import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { z } from 'zod';

/** A domain event as published to the bus, with the envelope EventBridge adds. */
export interface RecordedEvent {
  id: string;
  time: string;
  source: string;
  detailType: string;
  eventBusName: string;
  detail: unknown;
}

const putEventsSchema = z.object({
  Entries: z.array(z.object({ Source: z.string(), DetailType: z.string(), Detail: z.string(), EventBusName: z.string().optional() })).min(1).max(10),
});

/**
 * The smallest EventBridge the SDK can talk to: `PutEvents` over the real JSON protocol, every event appended to a
 * JSON-lines file (so `/_local/events` survives restarts). Nothing else of EventBridge (rules, targets) is emulated.
 */
export class LocalEventBus {
  private server?: Server;
  constructor(private readonly file: string) {}

  list(detailType?: string): RecordedEvent[] {
    if (!existsSync(this.file)) return [];
    const events = readFileSync(this.file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RecordedEvent);
    return detailType ? events.filter((e) => e.detailType === detailType) : events;
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const parsed = target === 'AWSEvents.PutEvents' ? putEventsSchema.safeParse(safeJson(Buffer.concat(chunks).toString('utf8'))) : undefined;
        if (!parsed?.success) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'ValidationException', message: `Unsupported or invalid request: ${target}` }));
          return;
        }
        const entries = parsed.data.Entries.map((entry) => this.record(entry));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((e) => ({ EventId: e.id })) }));
      });
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private record(entry: z.infer<typeof putEventsSchema>['Entries'][number]): RecordedEvent {
    const event: RecordedEvent = {
      id: randomUUID(),
      time: new Date().toISOString(),
      source: entry.Source,
      detailType: entry.DetailType,
      eventBusName: entry.EventBusName ?? 'default',
      detail: safeJson(entry.Detail),
    };
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
    return event;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
