import type { LocalStackInfo } from '../local/state';

/** What the local stack counted while a piece of work ran (GET /_local/metrics): the inputs of the cost model. */
export interface Consumption {
  invocations: Record<string, { count: number; totalMs: number }>;
  dynamodb: { requests: number; readUnits: number; writeUnits: number; transactionalWriteUnits: number };
  sqsPollers: { receiveRequests: number; deleteRequests: number };
}

/** Runs `work` with the stack's meters reset first, and returns what it consumed beside its result. */
export async function measured<T>(info: LocalStackInfo, work: () => Promise<T>): Promise<{ result: T; consumption: Consumption }> {
  await fetch(`${info.apiUrl}/_local/metrics`, { method: 'DELETE' });
  const result = await work();
  const consumption = (await (await fetch(`${info.apiUrl}/_local/metrics`)).json()) as Consumption;
  return { result, consumption };
}
