import { build } from 'vite';
import { WEB_DIST, webConfig } from './web-config.ts';

/** `npm run build:web`: the React app into web/dist, which `vigil serve` serves. */
await build(webConfig());
process.stdout.write(`web app built into ${WEB_DIST}\n`);
