import { z } from 'zod';

/**
 * LLM prices in US dollars per 1M tokens, input and output. The one file to edit when a provider changes prices;
 * validated at load. `model` matches a model id or its longest listed prefix (`claude-sonnet-4-20250514` ->
 * `claude-sonnet-4`, `gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`); `*` is the provider's default. A model the table
 * does not know (any provider) is priced at the fallback, so tokens are never refused for want of a price.
 */
const priceSchema = z.object({
  provider: z.string().regex(/^[a-z0-9_-]+$/),
  model: z.string().min(1),
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
});
const tableSchema = z
  .object({ prices: z.array(priceSchema).min(1), fallback: priceSchema.pick({ inputPerMillion: true, outputPerMillion: true }) })
  .refine((t) => new Set(t.prices.map((p) => `${p.provider}/${p.model}`)).size === t.prices.length, { message: 'duplicate provider/model' })
  .refine((t) => [...t.prices, t.fallback].every((p) => isMicroDollars(p.inputPerMillion) && isMicroDollars(p.outputPerMillion)), {
    message: 'prices must be whole micro-dollars',
  });

function isMicroDollars(dollars: number): boolean {
  return Math.abs(dollars * 1e6 - Math.round(dollars * 1e6)) < 1e-6;
}

export const modelPrices = tableSchema.parse({
  prices: [
    { provider: 'anthropic', model: 'claude-opus-4', inputPerMillion: 15, outputPerMillion: 75 },
    { provider: 'anthropic', model: 'claude-sonnet-4', inputPerMillion: 3, outputPerMillion: 15 },
    { provider: 'openai', model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
    { provider: 'openai', model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6 },
    { provider: 'google', model: 'gemini-pro', inputPerMillion: 1.25, outputPerMillion: 5 },
    { provider: 'deepseek', model: 'deepseek-v3', inputPerMillion: 0.14, outputPerMillion: 0.28 },
    { provider: 'openrouter', model: '*', inputPerMillion: 2, outputPerMillion: 8 },
  ],
  fallback: { inputPerMillion: 2, outputPerMillion: 8 },
});

export interface ModelPrice {
  /** Micro-dollars per 1M tokens (integers, so cost arithmetic is exact). */
  inputMicrosPerMillion: bigint;
  outputMicrosPerMillion: bigint;
  /** What matched: `provider/model`, `provider/*` or `fallback`. */
  matched: string;
}

const micros = (dollars: number) => BigInt(Math.round(dollars * 1e6));

/** The price of a provider's model (case-insensitive). OpenRouter ids like `anthropic/claude-sonnet-4` use the vendor's price when listed. */
export function modelPrice(provider: string, model: string): ModelPrice {
  const p = provider.toLowerCase();
  const m = model.toLowerCase();
  const routed = p === 'openrouter' && m.includes('/') ? lookup(m.split('/')[0], m.slice(m.indexOf('/') + 1)) : undefined;
  const entry = routed ?? lookup(p, m) ?? modelPrices.prices.find((e) => e.provider === p && e.model === '*');
  const chosen = entry ?? modelPrices.fallback;
  return {
    inputMicrosPerMillion: micros(chosen.inputPerMillion),
    outputMicrosPerMillion: micros(chosen.outputPerMillion),
    matched: entry ? `${entry.provider}/${entry.model}` : 'fallback',
  };
}

function lookup(provider: string, model: string) {
  return modelPrices.prices
    .filter((e) => e.provider === provider && e.model !== '*' && (model === e.model || model.startsWith(`${e.model}-`)))
    .sort((a, b) => b.model.length - a.model.length)[0];
}

/**
 * Cost of one call in integer micro-dollars, rounded half up once per event (exact integer arithmetic; the counter
 * then adds integers, so totals do not depend on order or on floating point).
 */
export function llmCostMicros(provider: string, model: string, tokensIn: number, tokensOut: number): number {
  const price = modelPrice(provider, model);
  const picoDollars = BigInt(tokensIn) * price.inputMicrosPerMillion + BigInt(tokensOut) * price.outputMicrosPerMillion;
  return Number((picoDollars + 500_000n) / 1_000_000n);
}
