import type { EventFields } from '../../../../schema/event.ts';
import { ip, str } from '../../../values.ts';
import { field, labelsFrom, nonZeroPort, sid, workstation } from './helpers.ts';
import { isFailureStatus, kerberosFailureReason, logonFailureReason } from './status.ts';
import type { Data, Mapper } from './types.ts';

const AUTH = ['authentication'];

/** Kerberos events name the account `user@REALM` at times; the realm is the domain. */
function kerberosUser(data: Data): NonNullable<EventFields['user']> {
  const raw = field(data, 'TargetUserName');
  const at = raw === undefined ? -1 : raw.indexOf('@');
  const name = raw !== undefined && at > 0 ? raw.slice(0, at) : raw;
  const realm = raw !== undefined && at > 0 ? str(raw.slice(at + 1)) : undefined;
  return { name, domain: field(data, 'TargetDomainName') ?? realm, id: sid(data, 'TargetSid') ?? sid(data, 'TargetUserSid') };
}

function kerberosFields(data: Data, action: string, failed: boolean): EventFields {
  return {
    event: {
      category: AUTH,
      type: ['start'],
      action,
      outcome: failed ? 'failure' : 'success',
      reason: failed ? kerberosFailureReason(data['Status']) : undefined,
    },
    user: kerberosUser(data),
    source: { ip: ip(data['IpAddress']), port: nonZeroPort(data['IpPort']) },
    labels: labelsFrom(data, {
      status: 'Status',
      service_name: 'ServiceName',
      ticket_encryption_type: 'TicketEncryptionType',
      ticket_options: 'TicketOptions',
      pre_auth_type: 'PreAuthType',
    }),
  };
}

const tgtRequest: Mapper = (data) => kerberosFields(data, 'kerberos-tgt', isFailureStatus(data['Status']));

/** 4769: `ServiceName` is the service the ticket is for (RC4 `0x17` tickets are the Kerberoasting tell). */
const serviceTicket: Mapper = (data) => ({
  ...kerberosFields(data, 'kerberos-service-ticket', isFailureStatus(data['Status'])),
  service: { name: field(data, 'ServiceName') },
});

const preauthFailed: Mapper = (data) => {
  const fields = kerberosFields(data, 'kerberos-preauth-failed', true);
  return { ...fields, event: { ...fields.event, reason: fields.event?.reason ?? 'pre-authentication failed' } };
};

/** 4776: a domain controller (or the local SAM) validated NTLM credentials. */
const ntlmValidate: Mapper = (data) => {
  const failed = isFailureStatus(data['Status']);
  return {
    event: {
      category: AUTH,
      type: ['start'],
      action: 'ntlm-validate',
      outcome: failed ? 'failure' : 'success',
      reason: failed ? logonFailureReason(data['Status']) : undefined,
    },
    user: { name: field(data, 'TargetUserName') },
    source: { domain: workstation(field(data, 'Workstation')) },
    labels: labelsFrom(data, { status: 'Status', auth_package: 'PackageName' }),
  };
};

export const KERBEROS_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4768, tgtRequest],
  [4769, serviceTicket],
  [4771, preauthFailed],
  [4776, ntlmValidate],
];
