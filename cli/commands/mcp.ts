import { runStdioProxy } from '../../shared/mcp/stdio-proxy';
import { resolveTarget } from '../target';
import type { CliCommand } from '../command';

export const mcp: CliCommand = {
  name: 'mcp',
  summary: 'serve the Argus MCP tools over stdio for a desktop agent (relays to POST /v1/mcp)',
  usage: '',
  options: {},
  examples: [
    'ARGUS_API_URL=https://api.example.com ARGUS_API_KEY=ak_… npx argus mcp',
    'npx argus mcp    # against the local stack (npm start), with its service key unless ARGUS_API_KEY is set',
  ],
  async run() {
    const target = resolveTarget();
    if (!target.apiUrl) throw new Error('ARGUS_API_URL is not set: the MCP relay needs the API to talk to');
    if (!target.apiKey) throw new Error('ARGUS_API_KEY is not set: give it an API key with the mcp:invoke scope (and the scopes of the tools you want)');
    process.stderr.write(`argus mcp: relaying stdio to ${target.apiUrl}/v1/mcp\n`);
    await runStdioProxy({ baseUrl: target.apiUrl, token: target.apiKey });
    // stdout carries the protocol only: nothing is printed when the agent closes the server.
    return { json: undefined, text: '', silent: true };
  },
};
