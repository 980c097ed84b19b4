import { useEffect, useState } from 'react';

export type PollState<T> = { phase: 'off' } | { phase: 'waiting' } | { phase: 'done'; value: T } | { phase: 'timeout' };

/**
 * While `enabled`, calls `load` every `everyMs` until `done(value)` holds (then `done`) or `forMs` passes (then
 * `timeout`). For what a webhook applies a moment after the person comes back from Stripe's hosted page.
 * A failed call is retried at the next tick.
 */
export function usePoll<T>(enabled: boolean, load: () => Promise<T>, done: (value: T) => boolean, options: { everyMs?: number; forMs?: number } = {}): PollState<T> {
  const { everyMs = 1000, forMs = 30_000 } = options;
  const [state, setState] = useState<PollState<T>>(enabled ? { phase: 'waiting' } : { phase: 'off' });
  useEffect(() => {
    if (!enabled) return setState({ phase: 'off' });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const until = Date.now() + forMs;
    setState({ phase: 'waiting' });
    const tick = async () => {
      try {
        const value = await load();
        if (stopped) return;
        if (done(value)) return setState({ phase: 'done', value });
      } catch {
        if (stopped) return;
      }
      if (Date.now() >= until) return setState({ phase: 'timeout' });
      timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, everyMs, forMs]);
  return state;
}
