import type { EventFields } from '../../../../schema/event.ts';
import { transportName } from '../../../iana-transport.ts';
import { ip, port } from '../../../values.ts';
import { field, image, pid } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

const DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ['%%14592', 'inbound'],
  ['%%14593', 'outbound'],
  ['Inbound', 'inbound'],
  ['Outbound', 'outbound'],
]);

/** Windows Filtering Platform events: `Source*` and `Dest*` as written (the initiator is the source). */
function wfpMapper(action: string, type: readonly string[], outcome: 'success' | 'failure'): Mapper {
  return (data: Data): EventFields => ({
    event: { category: ['network'], type: [...type], action, outcome },
    source: { ip: ip(data['SourceAddress']), port: port(data['SourcePort']) },
    destination: { ip: ip(data['DestAddress']), port: port(data['DestPort']) },
    network: { transport: transportName(field(data, 'Protocol')), direction: DIRECTIONS.get(field(data, 'Direction') ?? '') },
    process: { ...image(field(data, 'Application')), pid: pid(data, 'ProcessID') ?? pid(data, 'ProcessId') },
  });
}

export const WFP_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [5152, wfpMapper('packet-dropped', ['connection', 'denied'], 'failure')],
  [5154, wfpMapper('network-listen', ['start', 'allowed'], 'success')],
  [5156, wfpMapper('network-connection-allowed', ['connection', 'allowed'], 'success')],
  [5157, wfpMapper('network-connection-blocked', ['connection', 'denied'], 'failure')],
  [5158, wfpMapper('network-bind', ['allowed'], 'success')],
];
