import { field, labelsFrom } from './helpers.ts';
import { logCleared } from './security-config.ts';
import type { Mapper } from './types.ts';

/** System 7045 (Service Control Manager): a service was installed; `AccountName` is the service account. */
const serviceInstalled: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'service-installed', outcome: 'success' },
  service: { name: field(data, 'ServiceName') },
  labels: labelsFrom(data, {
    service_file_name: 'ImagePath',
    service_type: 'ServiceType',
    service_start_type: 'StartType',
    service_account: 'AccountName',
  }),
});

export const SYSTEM_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [104, logCleared],
  [7045, serviceInstalled],
];
