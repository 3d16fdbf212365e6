// The web app's build: React, output in web/dist (served by `parley serve` from the API's
// origin). Hashed file names under assets/ let the server cache them for a year.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The budget (≤ 350 KB gzipped initial JavaScript) is enforced by test/web/bundle-budget.test.ts.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite web` during development talks to a `parley serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
