import { ArgusApiError } from '../../../shared/client/argus-client';

/** What to tell a person about a failed call: the contract's message for an API refusal, else a plain sentence. */
export function errorMessage(error: unknown): string {
  if (error instanceof ArgusApiError) return error.message;
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'The server took too long to answer. Try again.';
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The contract's per-field details of a 400, keyed by path (`body.password` is keyed `password` too). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ArgusApiError) || !error.details) return {};
  return Object.fromEntries(error.details.flatMap((d) => (d.path.startsWith('body.') ? [[d.path, d.message], [d.path.slice(5), d.message]] : [[d.path, d.message]])));
}
