import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a narrow screen without the page doing so. The scrolling box is a labelled,
 * focusable region, so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
