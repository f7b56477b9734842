import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The playground is a static site: `vite build` emits dist/, served by any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
