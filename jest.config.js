// Lambda runs Node 22; the SDK's notice about Node 20 on developer machines is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Kinds of tests: unit (beside the code), integration (against the local stack's real emulators), operator, console (browser), cdk. */
const transform = { '^.+\\.(ts|js)$': '<rootDir>/infra/jest/esbuild-transform.js' };
// ESM-only packages that Jest's CommonJS loader cannot require untransformed.
const transformIgnorePatterns = ['/node_modules/(?!(@middy|hyparquet|hyparquet-writer)/)'];
const common = { rootDir: __dirname, testEnvironment: 'node', transform, transformIgnorePatterns, moduleFileExtensions: ['ts', 'js', 'json'] };

const OWN_STACK = { operator: 'functions/admin-metrics/admin-metrics.int.test.ts' };

module.exports = {
  // Two workers on two cores: integration suites wait on queues while unit and CDK suites compute (a third gained
  // nothing measured: the machine is CPU-bound). Suites that would disturb their neighbours have stacks of their own.
  maxWorkers: 2,
  // Integration tests wait on queues and emulators; CDK tests synthesize whole apps.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/infra/jest/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{shared,functions,events,infra,cli}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$', '\\.cdk\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{shared,functions,events,infra,cli}/**/*.int.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...Object.values(OWN_STACK)],
      globalSetup: '<rootDir>/infra/jest/start-local-stack.ts',
      globalTeardown: '<rootDir>/infra/jest/stop-local-stack.ts',
    },
    // Suites that must not share the integration stack, each on a stack of its own: the operator metrics count the whole
    // stage (dau, licence validations), which suites running beside them would move. (Fault injection starts its own
    // stack inside its file: it stops DynamoDB and crashes processors.)
    ...Object.entries(OWN_STACK).map(([name, file]) => ({
      ...common,
      displayName: name,
      testMatch: [`<rootDir>/${file}`],
      globals: { ownStack: name },
      globalSetup: '<rootDir>/infra/jest/start-own-stack.ts',
      globalTeardown: '<rootDir>/infra/jest/stop-own-stack.ts',
      setupFiles: ['<rootDir>/infra/jest/own-stack-env.ts'],
    })),
    {
      ...common,
      // The web console's journeys in headless Chromium (infra/local/testing/browser.ts), against a stack of their own.
      displayName: 'console',
      testMatch: ['<rootDir>/web/**/*.e2e.test.ts', '<rootDir>/infra/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/infra/jest/start-console-stack.ts',
      globalTeardown: '<rootDir>/infra/jest/stop-console-stack.ts',
      setupFiles: ['<rootDir>/infra/jest/console-env.ts'],
    },
    {
      ...common,
      displayName: 'cdk',
      testMatch: ['<rootDir>/infra/**/*.cdk.test.ts'],
    },
  ],
};
