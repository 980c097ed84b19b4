import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a figure was measured on: every bench result names it, since the numbers mean nothing without it. */
export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  loadavg1m: number;
  node: string;
}

export function machine(): Machine {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadavg1m: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
  };
}
