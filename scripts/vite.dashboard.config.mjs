// Vite configuration of the dashboard (issue #6): src/dashboard/ → dist/dashboard/.
//   index.html           the one page, served at /app, /app/*, /login, /setup and /share/:token
//   assets/<name>-<hash>  scripts, styles and images, served at /app/assets/* (immutable)
//   .vite/manifest.json  which files the first view loads (test/dashboard reads it for the size budget)
// `npm run build` runs `vite build --config scripts/vite.dashboard.config.mjs`; the server reads the
// result (src/http/routes/dashboard.ts). No inline script or style is emitted: the page runs under
// `script-src 'self'; style-src 'self'`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root: join(root, 'src', 'dashboard'),
  base: '/app/',
  publicDir: false,
  logLevel: 'warn',
  // Preact's automatic JSX runtime through Vite's own transformer (no Babel preset needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The dev server's dependency scan transforms the sources on its own: same JSX settings.
  optimizeDeps: { rolldownOptions: { transform: { jsx: { runtime: 'automatic', importSource: 'preact' } } } },
  build: {
    outDir: join(root, 'dist', 'dashboard'),
    emptyOutDir: true,
    assetsDir: 'assets',
    manifest: true,
    target: 'es2022',
    // Everything is a file: a data: URL for a small asset would be fine for CSP but not for caching.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:dashboard`: the API is the real server on :8080 (start it with `npm start`).
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
