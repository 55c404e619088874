export { windowsJsonFormat } from './windows-json/index.ts';
