import type { ServiceDecoder } from './login.ts';
import { asteriskDecoder } from './asterisk.ts';
import { cowrieDecoder } from './cowrie.ts';
import { sshesameDecoder } from './sshesame.ts';
import { fail2banDecoder } from './fail2ban.ts';
import { freeswitchDecoder } from './freeswitch.ts';
import { lfdDecoder } from './lfd.ts';
import { mssqlDecoder, mysqlDecoder, postgresDecoder } from './database.ts';
import { dovecotDecoder } from './dovecot.ts';
import { eximDecoder } from './exim.ts';
import { proftpdDecoder, pureFtpdDecoder, vsftpdDecoder } from './ftp.ts';
import { postfixDecoder } from './postfix.ts';
import { freeradiusDecoder } from './radius.ts';
import { dropbearDecoder, openvpnDecoder, proxmoxDecoder, sambaDecoder } from './remote-access.ts';

/** Every network service whose logins Vigil reads, in syslog under their program names or in their own log files. */
export const SERVICE_DECODERS: readonly ServiceDecoder[] = [
  dovecotDecoder, postfixDecoder, eximDecoder,
  vsftpdDecoder, proftpdDecoder, pureFtpdDecoder,
  mysqlDecoder, postgresDecoder, mssqlDecoder,
  openvpnDecoder, dropbearDecoder, sambaDecoder, proxmoxDecoder, freeradiusDecoder,
  asteriskDecoder, freeswitchDecoder, cowrieDecoder, sshesameDecoder, fail2banDecoder, lfdDecoder,
];
