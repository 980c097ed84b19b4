import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../local/state';
import { attachOrStart, type BenchStack } from './attach-or-start';
import { coldStartBench, type ColdStartResult } from './cold-start';
import { measured } from './consumption';
import { AWS_PRICES, usdPerMillionEvents, usdPerMillionQuotaChecks } from './cost';
import { machine, type Machine } from './machine';
import { ingestBench, type IngestBenchResult } from './ingest';
import { meterSinkBench, type MeterSinkBenchResult } from './meter-sink';
import { quotaBench, type QuotaBenchResult } from './quota';
import { rpcBench, type RpcBenchResult } from './rpc';
import { telemetryBench, type TelemetryBenchResult } from './telemetry';
import { webhookBench, type WebhookBench } from './webhook';

/**
 * `npm run bench`: every suite against one local stack (started for the run, or the one in ARGUS_STATE_DIR), each
 * figure paired with a baseline measured in the same run, since these machines are noisy. Prints a table and writes
 * `.argus/bench.json`. `npm run bench -- quota webhook` runs only the named suites. Load comes from a second process,
 * bounded in time, on loopback only.
 */
const SUITES = ['ingest', 'telemetry', 'quota', 'rpc', 'webhook', 'cold-start', 'meterSink'] as const;
type Suite = (typeof SUITES)[number];
type Latency = { p50Ms: number; p99Ms: number; rps: number };

interface Report {
  machine: Machine & { measuredAt: string };
  ingest?: { eventsPerSecond: number; writeUnitsPerEvent: number | null };
  /** Telemetry ingest beside usage ingest: the ratio is telemetry events/s over usage events/s of the same run. */
  telemetry?: { eventsPerSecond: number; ratioToUsageIngest: number | null };
  quota?: { p50Ms: number; p99Ms: number; rps: number; getItemP50Ms: number; getItemP99Ms: number; p99Ratio: number; consume: Latency; reserve: Latency; commit: Latency };
  rpc?: { restP50Ms: number; restP99Ms: number; jsonP50Ms: number; jsonP99Ms: number; binaryP50Ms: number; binaryP99Ms: number; ratio: RpcBenchResult['ratio'] };
  webhook?: { p50Ms: number; p99Ms: number; healthP99Ms: number; p99Ratio: number };
  coldStart?: ColdStartResult[];
  meterSink?: { orgs: number; seconds: number; stripeCallsPerOrg: number };
  cost?: { usdPerMillionEvents: number | null; usdPerMillionQuotaChecks: number | null; prices: typeof AWS_PRICES };
  details: { ingest?: IngestBenchResult; telemetry?: TelemetryBenchResult; quota?: QuotaBenchResult; rpc?: RpcBenchResult; webhook?: WebhookBench; meterSink?: MeterSinkBenchResult };
}

async function runSuites(stack: BenchStack, suites: Suite[]): Promise<Report> {
  const report: Report = { machine: { ...machine(), measuredAt: new Date().toISOString() }, details: {} };
  let eventsCost: number | null = null;
  let checksCost: number | null = null;
  if (suites.includes('ingest')) {
    const { result, consumption } = await measured(stack.info, () => ingestBench({}, stack));
    const writeUnits = result.awsWriteUnitsPerEvent;
    report.ingest = { eventsPerSecond: result.eventsPerSecond, writeUnitsPerEvent: writeUnits };
    report.details.ingest = result;
    if (writeUnits !== null) {
      const producerRequests = Math.ceil(Math.ceil(result.deliveries / 100) / 10);
      eventsCost = usdPerMillionEvents({ events: result.events, producerRequests, awsWriteUnits: writeUnits * result.events, consumption });
    }
  }
  if (suites.includes('telemetry')) {
    const result = await telemetryBench(stack);
    report.telemetry = { eventsPerSecond: result.eventsPerSecond, ratioToUsageIngest: report.ingest ? Math.round((result.eventsPerSecond / report.ingest.eventsPerSecond) * 100) / 100 : null };
    report.details.telemetry = result;
  }
  if (suites.includes('quota')) {
    const result = await quotaBench({}, stack);
    const { quotaCheck: q, getItem } = result;
    const latency = (l: { p50Ms: number; p99Ms: number; rps: number }): Latency => ({ p50Ms: l.p50Ms, p99Ms: l.p99Ms, rps: l.rps });
    report.quota = {
      p50Ms: q.p50Ms, p99Ms: q.p99Ms, rps: q.rps, getItemP50Ms: getItem.p50Ms, getItemP99Ms: getItem.p99Ms, p99Ratio: result.ratio.p99,
      consume: latency(result.quotaConsume), reserve: latency(result.holdReserve), commit: latency(result.holdCommit),
    };
    report.details.quota = result;
    checksCost = usdPerMillionQuotaChecks(q.requests, q.consumption);
  }
  if (suites.includes('rpc')) {
    const result = await rpcBench(stack);
    const { rest, connectJson, connectBinary } = result;
    report.rpc = { restP50Ms: rest.p50Ms, restP99Ms: rest.p99Ms, jsonP50Ms: connectJson.p50Ms, jsonP99Ms: connectJson.p99Ms, binaryP50Ms: connectBinary.p50Ms, binaryP99Ms: connectBinary.p99Ms, ratio: result.ratio };
    report.details.rpc = result;
  }
  if (suites.includes('webhook')) {
    const result = await webhookBench(stack.info);
    report.webhook = { p50Ms: result.p50Ms, p99Ms: result.p99Ms, healthP99Ms: result.healthP99Ms, p99Ratio: result.p99Ratio };
    report.details.webhook = result;
  }
  if (suites.includes('cold-start')) report.coldStart = await coldStartBench();
  if (suites.includes('meterSink')) {
    const result = await meterSinkBench(stack.info);
    report.meterSink = { orgs: result.orgs, seconds: result.seconds, stripeCallsPerOrg: result.stripeCallsPerOrg };
    report.details.meterSink = result;
  }
  if (eventsCost !== null || checksCost !== null) report.cost = { usdPerMillionEvents: eventsCost, usdPerMillionQuotaChecks: checksCost, prices: AWS_PRICES };
  return report;
}

function table(report: Report): string {
  const rows: [string, string, string][] = [];
  const m = report.machine;
  if (report.ingest) rows.push(['ingest (SQS → aggregator → DynamoDB)', `${report.ingest.eventsPerSecond} events/s`, `${report.ingest.writeUnitsPerEvent ?? 'n/a'} WCU/event (AWS billing)`]);
  if (report.telemetry) rows.push(['telemetry ingest (SQS → analytics consumer → rollups + Parquet)', `${report.telemetry.eventsPerSecond} events/s`, `×${report.telemetry.ratioToUsageIngest ?? 'n/a'} of usage ingest`]);
  if (report.quota) {
    const { consume, reserve, commit } = report.quota;
    rows.push(['consume · reserve · commit', `consume p50 ${consume.p50Ms} · p99 ${consume.p99Ms} ms`, `reserve p50 ${reserve.p50Ms} · p99 ${reserve.p99Ms} ms · commit p50 ${commit.p50Ms} · p99 ${commit.p99Ms} ms`]);
  }
  if (report.quota) rows.push(['quota check', `p50 ${report.quota.p50Ms} ms · p99 ${report.quota.p99Ms} ms · ${report.quota.rps} rps`, `GetItem p50 ${report.quota.getItemP50Ms} · p99 ${report.quota.getItemP99Ms} ms → p99 ×${report.quota.p99Ratio}`]);
  if (report.rpc) {
    const { rpc } = report;
    rows.push(['CheckQuota over Connect (JSON)', `p50 ${rpc.jsonP50Ms} ms · p99 ${rpc.jsonP99Ms} ms`, `POST /v1/quota/check p50 ${rpc.restP50Ms} · p99 ${rpc.restP99Ms} ms → p50 ×${rpc.ratio.jsonP50} · p99 ×${rpc.ratio.jsonP99}`]);
    rows.push(['CheckQuota over Connect (binary)', `p50 ${rpc.binaryP50Ms} ms · p99 ${rpc.binaryP99Ms} ms`, `POST /v1/quota/check p50 ${rpc.restP50Ms} · p99 ${rpc.restP99Ms} ms → p50 ×${rpc.ratio.binaryP50} · p99 ×${rpc.ratio.binaryP99}`]);
  }
  if (report.webhook) rows.push(['Stripe webhook (verify + enqueue)', `p50 ${report.webhook.p50Ms} ms · p99 ${report.webhook.p99Ms} ms`, `GET /health p99 ${report.webhook.healthP99Ms} ms → p99 ×${report.webhook.p99Ratio}`]);
  for (const c of report.coldStart ?? []) rows.push([`cold start: ${c.function}`, `${Math.round(c.bundleBytes / 1024)} KiB at init (${Math.round(c.totalBytes / 1024)} in all) · init ${c.initMs} ms`, `×${c.initRatio} of an empty handler`]);
  if (report.meterSink) rows.push(['meter sink (schedule → queue → Stripe)', `${report.meterSink.orgs} paid orgs in ${report.meterSink.seconds} s`, `${report.meterSink.stripeCallsPerOrg} Stripe calls/org · window ${report.details.meterSink!.scheduleWindowSeconds} s`]);
  if (report.cost) rows.push(['cost (AWS list prices)', `$${report.cost.usdPerMillionEvents ?? 'n/a'} / 1M events`, `$${report.cost.usdPerMillionQuotaChecks ?? 'n/a'} / 1M quota checks`]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [`Argus bench on ${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadavg1m}`, line(['what', 'measured', 'baseline / ratio']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown bench suite(s) ${unknown.join(', ')}; known: ${SUITES.join(', ')}`);
  const suites = (asked.length ? asked : [...SUITES]) as Suite[];
  // The aggregator's per-batch log line (INFO) carries the write units AWS would bill for transactions.
  process.env.LOG_LEVEL ??= 'INFO';
  const stack = await attachOrStart();
  let report: Report;
  try {
    report = await runSuites(stack, suites);
  } finally {
    await stack.stop();
  }
  const file = path.join(REPO_ROOT, '.argus', 'bench.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${table(report)}\n\nFull results: ${path.relative(REPO_ROOT, file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
