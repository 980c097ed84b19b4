#!/usr/bin/env node
// `npx argus …` in a clone: the CLI is TypeScript, run by Node with tsx's loader (a dev dependency) like the other
// operator scripts. A child process, because only `--import` registers tsx for both require() and import().
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

// Resolved from this repo, whatever the working directory.
const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

const result = spawnSync(process.execPath, ['--import', tsx, path.join(__dirname, '..', 'run.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
});
process.exit(result.status ?? 1);
