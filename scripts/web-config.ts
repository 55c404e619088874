import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';

export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * The web app's Vite configuration. Nothing is inlined (no data: URIs, no inline script): the strict
 * Content-Security-Policy of the server allows only files from the same origin.
 */
export function webConfig(overrides: InlineConfig = {}): InlineConfig {
  return {
    root: WEB_ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir: WEB_DIST,
      emptyOutDir: true,
      assetsInlineLimit: 0,
      sourcemap: false,
      target: 'es2022',
      chunkSizeWarningLimit: 1500,
      modulePreload: { polyfill: false },
    },
    ...overrides,
  };
}
