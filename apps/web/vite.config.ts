import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Built into dist/web, which the API serves on the same origin; `vite` alone proxies the API for development. */
export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: { alias: { '@domain': `${here}../../libs/domain/src` } },
  build: { outDir: `${here}../../dist/web`, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
