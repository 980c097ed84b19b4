#!/usr/bin/env node
// `npx argus …` in a clone: the CLI is TypeScript, run through tsx (a dev dependency) like the other operator scripts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
