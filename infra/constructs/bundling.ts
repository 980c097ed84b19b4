/**
 * How every function is bundled. The CDK functions (argus-function.ts) and the cold-start benchmark
 * (infra/bench/cold-start.ts) both use these, so the benchmark measures what deploys.
 */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  // CJS: esbuild converts ESM-only deps (@middy/core 6) fine, and CJS deps keep working `require` calls.
  format: 'cjs',
  // Prefer ESM entry points so esbuild can tree-shake the AWS SDK.
  mainFields: ['module', 'main'],
} as const;
