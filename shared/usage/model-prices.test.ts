import { llmCostMicros, modelPrice } from './model-prices';

describe('model prices', () => {
  it('prices the listed models per 1M input/output tokens in micro-dollars', () => {
    expect(llmCostMicros('anthropic', 'claude-opus-4', 1_000_000, 1_000_000)).toBe(90_000_000);
    expect(llmCostMicros('anthropic', 'claude-sonnet-4', 1_000, 1_000)).toBe(18_000);
    expect(llmCostMicros('openai', 'gpt-4o', 1_000_000, 0)).toBe(2_500_000);
    expect(llmCostMicros('openai', 'gpt-4o-mini', 1_000, 500)).toBe(450);
    expect(llmCostMicros('google', 'gemini-pro', 0, 1_000_000)).toBe(5_000_000);
    expect(llmCostMicros('deepseek', 'deepseek-v3', 1_000_000, 1_000_000)).toBe(420_000);
    expect(llmCostMicros('openrouter', 'mistral/mixtral-8x7b', 1_000_000, 1_000_000)).toBe(10_000_000);
  });

  it('matches dated model ids by the longest prefix, case-insensitively', () => {
    expect(modelPrice('OpenAI', 'gpt-4o-mini-2024-07-18').matched).toBe('openai/gpt-4o-mini');
    expect(modelPrice('openai', 'gpt-4o-2024-08-06').matched).toBe('openai/gpt-4o');
    expect(modelPrice('anthropic', 'claude-sonnet-4-20250514').matched).toBe('anthropic/claude-sonnet-4');
    expect(modelPrice('openrouter', 'anthropic/claude-opus-4').matched).toBe('anthropic/claude-opus-4');
    expect(modelPrice('acme', 'mystery-1').matched).toBe('fallback');
  });

  it('rounds half up once per event and stays exact for huge token counts', () => {
    expect(llmCostMicros('openai', 'gpt-4o-mini', 3, 0)).toBe(0); // 0.45 µ$
    expect(llmCostMicros('openai', 'gpt-4o-mini', 10, 0)).toBe(2); // 1.5 µ$
    expect(llmCostMicros('anthropic', 'claude-opus-4', 0, 1_000_000_000_000)).toBe(75_000_000_000_000);
  });
});
