import { callingStation, login } from '../../services/login.ts';
import { field, labelsFrom, sid, splitAccount } from './helpers.ts';
import type { Mapper } from './types.ts';

/**
 * Network Policy Server's RADIUS decisions in the Security log (6272 granted, 6273 denied, 6274 discarded, 6276 to
 * 6278 granted under quarantine): VPN, Wi-Fi and 802.1X logins. Each is a `login` (as other services' are, so the
 * brute-force, spraying and distributed correlations count them) by the user, from the calling station: the VPN
 * client's address or the Wi-Fi device's MAC. The RADIUS client (the VPN gateway, the access point), the NAS, the
 * policies, the authentication type and the reason code are labels; reason 8 (no such user) marks an unknown user.
 */

const NO_SUCH_USER = '8';

function npsDecision(outcome: 'success' | 'failure'): Mapper {
  return (data) => {
    const qualified = splitAccount(field(data, 'FullyQualifiedSubjectUserName'));
    const fields = login({
      outcome,
      user: field(data, 'SubjectUserName') ?? qualified.name,
      reason: outcome === 'failure' ? field(data, 'Reason') : undefined,
      unknownUser: field(data, 'ReasonCode') === NO_SUCH_USER,
    });
    fields.user = { ...fields.user, domain: field(data, 'SubjectDomainName') ?? qualified.domain, id: sid(data, 'SubjectUserSid') };
    fields.source = callingStation(field(data, 'CallingStationID'));
    fields.network = { protocol: 'radius' };
    fields.labels = {
      ...fields.labels,
      ...labelsFrom(data, {
        nps_client: 'ClientName',
        nps_client_ip: 'ClientIPAddress',
        nas_identifier: 'NASIdentifier',
        nas_ip: 'NASIPv4Address',
        called_station: 'CalledStationID',
        calling_station: 'CallingStationID',
        network_policy: 'NetworkPolicyName',
        connection_request_policy: 'ProxyPolicyName',
        authentication_type: 'AuthenticationType',
        eap_type: 'EAPType',
        reason_code: 'ReasonCode',
        machine: 'SubjectMachineName',
      }),
    };
    return fields;
  };
}

const granted = npsDecision('success');
const refused = npsDecision('failure');

export const NPS_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [6272, granted],
  [6273, refused],
  [6274, refused],
  [6276, granted],
  [6277, granted],
  [6278, granted],
];
