export { syslogFormat } from './syslog/index.ts';
