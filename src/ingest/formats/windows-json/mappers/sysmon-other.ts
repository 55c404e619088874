import type { EventFields } from '../../../../schema/event.ts';
import { baseName } from '../../../values.ts';
import { field, hashLabels, labelsFrom } from './helpers.ts';
import { sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import type { Data, Mapper } from './types.ts';

function loadedFile(data: Data): EventFields['file'] {
  const path = field(data, 'ImageLoaded');
  return path === undefined ? undefined : { path, name: baseName(path) };
}

function signatureLabels(data: Data): Record<string, string> {
  return {
    ...labelsFrom(data, {
      original_file_name: 'OriginalFileName',
      product: 'Product',
      company: 'Company',
      description: 'Description',
      signed: 'Signed',
      signature: 'Signature',
      signature_status: 'SignatureStatus',
    }),
    ...hashLabels(field(data, 'Hashes')),
  };
}

/** 7: a DLL (`ImageLoaded`) was loaded by `Image`; the hashes are the DLL's. */
const imageLoad: Mapper = (data) => ({
  event: { category: ['library'], type: ['start'], action: 'image-load' },
  user: sysmonUser(data),
  process: sysmonProcess(data),
  file: loadedFile(data),
  rule: sysmonRule(data),
  labels: signatureLabels(data),
});

/** 6: a kernel driver was loaded. */
const driverLoad: Mapper = (data) => ({
  event: { category: ['driver'], type: ['start'], action: 'driver-load' },
  file: loadedFile(data),
  rule: sysmonRule(data),
  labels: signatureLabels(data),
});

/** 17/18: named pipe created / connected (`PipeName`, also as `file.name`). */
function pipeMapper(action: string, type: string): Mapper {
  return (data) => {
    const pipe = field(data, 'PipeName');
    return {
      event: { category: ['file'], type: [type], action },
      user: sysmonUser(data),
      process: sysmonProcess(data),
      file: pipe === undefined ? undefined : { name: pipe },
      rule: sysmonRule(data),
      labels: pipe === undefined ? undefined : { pipe_name: pipe },
    };
  };
}

/** 19/20/21: WMI event filter, consumer and binding (persistence). */
function wmiMapper(action: string): Mapper {
  return (data) => ({
    event: { category: ['configuration'], type: ['change'], action },
    user: sysmonUser(data),
    rule: sysmonRule(data),
    labels: labelsFrom(data, {
      wmi_operation: 'Operation',
      wmi_name: 'Name',
      wmi_query: 'Query',
      wmi_type: 'Type',
      wmi_destination: 'Destination',
      wmi_consumer: 'Consumer',
      wmi_filter: 'Filter',
    }),
  });
}

/** 4 and 16: Sysmon's own state and configuration changes (tampering with the sensor). */
function sensorMapper(action: string): Mapper {
  return (data) => ({
    event: { category: ['configuration'], type: ['change'], action },
    labels: labelsFrom(data, { sysmon_state: 'State', sysmon_configuration: 'Configuration', sysmon_version: 'Version' }),
  });
}

export const SYSMON_OTHER_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4, sensorMapper('sysmon-state-change')],
  [6, driverLoad],
  [7, imageLoad],
  [16, sensorMapper('sysmon-config-change')],
  [17, pipeMapper('pipe-create', 'creation')],
  [18, pipeMapper('pipe-connect', 'access')],
  [19, wmiMapper('wmi-filter')],
  [20, wmiMapper('wmi-consumer')],
  [21, wmiMapper('wmi-binding')],
];
