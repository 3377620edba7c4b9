import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The client lives in client/ and builds to dist/client, which the server serves.
// In `vite dev`, API and socket traffic goes to the server on TALK_ROOM_PORT (default 3000).
const apiPort = Number(process.env.TALK_ROOM_PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No inline scripts or third-party assets: everything comes from our own origin.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/socket.io': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser tests wait on what the page shows; a real browser and server can take a moment.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
