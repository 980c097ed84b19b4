import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { ArgusApiError, ArgusClient } from '../client/argus-client';

/**
 * `npx argus mcp`: MCP over stdio for a desktop agent, relaying every JSON-RPC message to an Argus API's `POST /v1/mcp`
 * with the configured credential and writing back what it answers. A relay rather than a second set of executors:
 * the tools, their checks and their answers are the deployed server's, by construction (one definition, one
 * executor; a tool added to the API appears here with no new CLI), and this process needs no AWS access at all.
 * Nothing but protocol goes to `stdout`; problems go to `stderr`.
 */
export interface StdioProxyOptions {
  baseUrl: string;
  token: string;
  stdin?: Readable;
  stdout?: Writable;
  log?: (line: string) => void;
  /** Per relayed message; tools that call Stripe can take a few seconds. */
  timeoutMs?: number;
}

const rpcRequest = z.object({ id: z.union([z.string(), z.number()]), method: z.string() });
const initializeAnswer = z.object({ result: z.object({ protocolVersion: z.string() }) });
const jsonRpcAnswer = z.looseObject({ jsonrpc: z.literal('2.0') });

/** Resolves when stdin ends (the agent closed the server). */
export async function runStdioProxy(options: StdioProxyOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const log = options.log ?? ((line: string) => process.stderr.write(`argus mcp: ${line}\n`));
  const client = new ArgusClient({ baseUrl: options.baseUrl, token: options.token, timeoutMs: options.timeoutMs ?? 30_000 });
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  let protocolVersion: string | undefined;
  const pending = new Set<Promise<void>>();
  transport.onerror = (error) => log(`unreadable input: ${error.message}`);
  transport.onmessage = (message) => {
    const relay = forward(message).finally(() => pending.delete(relay));
    pending.add(relay);
  };
  const ended = new Promise<void>((resolve) => stdin.once('end', resolve).once('close', resolve));
  await transport.start();
  await ended;
  // Answers still on their way are written before the process ends.
  await Promise.allSettled([...pending]);
  await transport.close();

  async function forward(message: JSONRPCMessage): Promise<void> {
    const request = rpcRequest.safeParse(message);
    try {
      const answer = await client.mcp(message, protocolVersion);
      if (answer === undefined) return;
      const initialized = initializeAnswer.safeParse(answer);
      if (request.success && request.data.method === 'initialize' && initialized.success) protocolVersion = initialized.data.result.protocolVersion;
      for (const item of Array.isArray(answer) ? answer : [answer]) {
        const parsed = jsonRpcAnswer.safeParse(item);
        if (parsed.success) await transport.send(parsed.data as JSONRPCMessage);
      }
    } catch (error) {
      // The API refused the request itself (bad credential, missing scope, rate limit) or could not be reached:
      // the agent gets a JSON-RPC error for its request, with the contract's error body as `data`.
      const refusal = error instanceof ArgusApiError ? { status: error.status, body: { error: { code: error.code, message: error.message, requestId: error.requestId } } } : undefined;
      const text = refusal ? `${refusal.status} ${refusal.body.error.code}: ${refusal.body.error.message}` : `the Argus API at ${options.baseUrl} could not be reached (${(error as Error).message})`;
      log(text);
      if (!request.success) return;
      await transport.send({ jsonrpc: '2.0', id: request.data.id, error: { code: refusal && refusal.status < 500 ? -32600 : -32603, message: text, ...(refusal ? { data: refusal.body } : {}) } });
    }
  }
}
