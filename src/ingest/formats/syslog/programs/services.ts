import { SERVICE_DECODERS } from '../../services/index.ts';
import type { ServiceDecoder } from '../../services/login.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/** The network services' decoders (mail, FTP, databases, VPN, Samba, Proxmox) under their syslog program names. */
function programDecoder(service: ServiceDecoder): ProgramDecoder {
  return {
    programs: service.programs,
    dataset: () => service.service,
    decode: ({ message }: DecodeInput): Decoded | undefined => {
      const fields = service.decode(message);
      return fields === undefined ? undefined : { fields };
    },
  };
}

export const SERVICE_PROGRAM_DECODERS: readonly ProgramDecoder[] = SERVICE_DECODERS.map(programDecoder);
