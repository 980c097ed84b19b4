import type { ChildProcess } from 'node:child_process';

/** Every child process the local stack starts, so Ctrl-C (or a crash) stops them all. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping && code !== 0 && signal !== 'SIGKILL') process.stderr.write(`${name} exited (code ${code}, signal ${signal})\n`);
  });
  return child;
}

let stopping = false;

export async function stopChildren(): Promise<void> {
  stopping = true;
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
