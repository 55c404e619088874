export { auditdFormat } from './auditd/index.ts';
