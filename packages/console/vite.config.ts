import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @vigil/console` serves the console with hot reload and sends API calls to a
// node on VIGIL_PORT (8080); the production build is served by the node itself.
const api = `http://127.0.0.1:${process.env.VIGIL_PORT ?? '8080'}`;

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // antd is one large chunk by nature; the pages are split per route.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/api': api, '/healthz': api },
  },
});
