import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console: a static single-page app served under `/console/` (the local stack, CloudFront). It reads
 * `config.json` beside `index.html` at start, so one build serves every stage.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  // Vite's own JSX transform with React's automatic runtime (no @vitejs/plugin-react needed for a build).
  oxc: { jsx: { runtime: 'automatic' } },
});
