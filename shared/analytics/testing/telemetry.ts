import type { TelemetryEvent } from '../validate-event';

/** A seedable random source (mulberry32), so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENT_TYPES = ['command', 'agent_run', 'llm_call', 'error'];
const COMMANDS = ['deploy', 'build#fast', undefined];
const AGENTS = ['agent/b', undefined];

/**
 * `n` distinct telemetry events spread over the `days` UTC days before `now` (and today), with every optional field
 * sometimes missing: latencies log-normal-ish over 0.1 ms – 60 s, tokens on LLM calls, failures now and then.
 */
export function telemetryEvents(n: number, options: { prefix: string; now: Date; days: number; random: () => number }): TelemetryEvent[] {
  const { prefix, now, days, random } = options;
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const eventType = pick(EVENT_TYPES);
    const at = new Date(now.getTime() - Math.floor(random() * days * 86_400_000) - 60_000);
    const event: TelemetryEvent = { id: `${prefix}-${i}`, eventType, timestamp: at.toISOString() };
    const commandName = pick(COMMANDS);
    if (commandName) event.commandName = commandName;
    const agentId = pick(AGENTS);
    if (agentId) event.agentId = agentId;
    if (random() < 0.9) event.executionTimeMs = Math.round(Math.exp(random() * 13.3 - 2.3) * 1000) / 1000;
    if (eventType === 'llm_call') {
      event.tokensUsed = Math.floor(random() * 5000);
      event.llmProvider = 'openai';
      event.llmModel = 'gpt-5';
    }
    if (random() < 0.8) event.success = random() > 0.1;
    if (event.success === false) event.errorType = pick(['Timeout', 'Crash']);
    if (random() < 0.5) event.deviceId = `dev-${Math.floor(random() * 20)}`;
    if (random() < 0.2) event.metadata = { n: i, tags: ['a', 'b'] };
    return event;
  });
}
