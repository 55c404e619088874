import { createServer } from 'vite';
import { webConfig } from './web-config.ts';

/**
 * `npm run dev:web`: Vite's dev server with hot reload, forwarding the API to a running `vigil serve`
 * (VIGIL_API, default http://127.0.0.1:8484).
 */
const target = process.env.VIGIL_API ?? 'http://127.0.0.1:8484';
const server = await createServer(
  webConfig({
    server: {
      host: '127.0.0.1',
      port: Number(process.env.PORT ?? 5173),
      proxy: { '/api': { target, changeOrigin: false }, '/health': target, '/docs': target, '/openapi.json': target },
    },
  }),
);
await server.listen();
server.printUrls();
