// The build of the web app. The output (dist/) is committed and embedded in the
// server binary, so it must be byte-for-byte reproducible: no timestamps, no
// absolute paths, content-hashed file names only.
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's CSP allows no inline script, and a module preload polyfill
    // would be one: modern browsers need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev`: the API is the server on :8080 (or LABELWELL_API), proxied so the app stays same-origin.
    proxy: Object.fromEntries(['/api', '/healthz'].map((path) => [path, process.env.LABELWELL_API ?? 'http://127.0.0.1:8080'])),
  },
})
