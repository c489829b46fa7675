/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves this build under an optional root path (spec C.3). index.html keeps
// absolute `/assets/...` URLs, which the server prefixes; chunks loaded at run time compute
// their URL from the root path that main.tsx stores on window before anything is imported.
const backend = process.env.CHAINLIT_BACKEND ?? 'http://127.0.0.1:8000';
const proxiedPrefixes = [
  '/auth',
  '/user',
  '/login',
  '/logout',
  '/project',
  '/feedback',
  '/set-session-cookie',
  '/avatars',
  '/public',
  '/logo',
  '/favicon',
  '/mcp'
];

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000
  },
  experimental: {
    renderBuiltUrl(filename, { hostType }) {
      if (hostType === 'html') return '/' + filename;
      if (hostType === 'css') return { relative: true };
      return { runtime: `(window.__CHAINLIT_ROOT_PATH__ || '') + ${JSON.stringify('/' + filename)}` };
    }
  },
  server: {
    proxy: {
      ...Object.fromEntries(proxiedPrefixes.map((p) => [p, { target: backend, changeOrigin: false }])),
      '/ws/socket.io': { target: backend, ws: true }
    }
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false
  }
});
