// Jest transform: esbuild turns TypeScript and ESM-only packages (@middy/*) into CommonJS for Jest's module system.
// Type checking is `npm run typecheck`; this only strips types, which is why it is fast.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
      supported: { 'dynamic-import': false },
    });
    return { code, map };
  },
};
