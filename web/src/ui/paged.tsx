import { useState, type DependencyList } from 'react';
import { useLoad, type Loaded } from './async';
import { ActionError, useAction } from './form';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Paged<T> {
  /** The pages read so far, as one list (for <Async>). */
  state: Loaded<T[]>;
  nextCursor: string | null;
  more: ReturnType<typeof useAction<[], void>>;
}

/**
 * A paginated list (CONTRACT §1): the first page on load (and on `state.reload()`, which starts over), then the next
 * pages appended by `more.run()` ("Load more").
 */
export function usePaged<T>(read: (cursor: string | undefined) => Promise<Page<T>>, deps: DependencyList): Paged<T> {
  const first = useLoad(() => read(undefined), deps);
  const [extra, setExtra] = useState<Page<T> & { after: Page<T> | undefined }>();
  const valid = extra && extra.after === first.data ? extra : undefined;
  const nextCursor = valid ? valid.nextCursor : (first.data?.nextCursor ?? null);
  const more = useAction(async () => {
    const after = first.data;
    if (!nextCursor) return;
    const page = await read(nextCursor);
    setExtra((e) => ({ after, items: [...(e && e.after === after ? e.items : []), ...page.items], nextCursor: page.nextCursor }));
  });
  const data = first.data ? [...first.data.items, ...(valid?.items ?? [])] : undefined;
  return { state: { ...first, data }, nextCursor, more };
}

export function LoadMore<T>({ paged }: { paged: Paged<T> }) {
  if (!paged.nextCursor && paged.more.error === undefined) return null;
  return (
    <div className="actions">
      {paged.nextCursor && (
        <button type="button" className="secondary" disabled={paged.more.busy} aria-busy={paged.more.busy || undefined} onClick={() => void paged.more.run()}>
          {paged.more.busy ? 'Loading…' : 'Load more'}
        </button>
      )}
      <ActionError error={paged.more.error} />
    </div>
  );
}
