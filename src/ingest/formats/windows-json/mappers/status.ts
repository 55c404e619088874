import { str } from '../../../values.ts';

/** NTSTATUS codes seen in logon failures (4625 Status/SubStatus, 4776 Status), in words. */
const NTSTATUS: ReadonlyMap<string, string> = new Map([
  ['0xC0000064', 'user name does not exist'],
  ['0xC000006A', 'wrong password'],
  ['0xC000006D', 'bad user name or password'],
  ['0xC000006E', 'account restriction'],
  ['0xC000006F', 'logon outside allowed hours'],
  ['0xC0000070', 'workstation not allowed'],
  ['0xC0000071', 'password expired'],
  ['0xC0000072', 'account disabled'],
  ['0xC0000133', 'clock out of sync with domain controller'],
  ['0xC000015B', 'logon type not granted'],
  ['0xC0000192', 'netlogon service not started'],
  ['0xC0000193', 'account expired'],
  ['0xC0000224', 'password must change at next logon'],
  ['0xC0000234', 'account locked out'],
  ['0xC00002EE', 'error during logon'],
  ['0xC0000371', 'local account store lacks secret material'],
  ['0xC0000413', 'authentication firewall: machine not allowed'],
  ['0xC000005E', 'no logon servers available'],
]);

/** Kerberos result codes (4768/4769/4771 `Status`). */
const KERBEROS: ReadonlyMap<string, string> = new Map([
  ['0x6', 'client name not found in kerberos database'],
  ['0x7', 'server name not found in kerberos database'],
  ['0xC', 'policy rejects request (workstation or time restriction)'],
  ['0xE', 'encryption type not supported'],
  ['0x12', 'account disabled, expired or locked out'],
  ['0x17', 'password expired'],
  ['0x18', 'pre-authentication failed (wrong password)'],
  ['0x1B', 'server requires user-to-user authentication'],
  ['0x1F', 'integrity check on decrypted field failed'],
  ['0x20', 'ticket expired'],
  ['0x25', 'clock skew too great'],
]);

/** `%%23xx` message ids of 4625 `FailureReason`. */
const FAILURE_REASONS: ReadonlyMap<string, string> = new Map([
  ['%%2304', 'error during logon'],
  ['%%2305', 'account expired'],
  ['%%2306', 'netlogon component not active'],
  ['%%2307', 'account locked out'],
  ['%%2308', 'logon type not granted'],
  ['%%2309', 'password expired'],
  ['%%2310', 'account disabled'],
  ['%%2311', 'logon outside allowed hours'],
  ['%%2312', 'workstation not allowed'],
  ['%%2313', 'unknown user name or bad password'],
]);

const ZERO = /^(0x)?0+$/i;
const HEX_CODE = /^0x[0-9a-f]+$/i;
const LEADING_ZEROS = /^0+(?=.)/;

/** A code as `0x` + upper-case hex digits; undefined for success (`0x0`) or no code. */
function failureCode(value: string | undefined): string | undefined {
  const code = str(value);
  if (code === undefined || ZERO.test(code)) return undefined;
  return HEX_CODE.test(code) ? `0x${code.slice(2).toUpperCase()}` : code;
}

/** Why an NTLM/logon attempt failed: SubStatus is the precise code when set, else Status, else FailureReason. */
export function logonFailureReason(status?: string, subStatus?: string, failureReason?: string): string | undefined {
  for (const raw of [subStatus, status]) {
    const code = failureCode(raw);
    if (code === undefined) continue;
    const words = NTSTATUS.get(code);
    if (words !== undefined) return words;
  }
  const reason = str(failureReason);
  if (reason !== undefined) return FAILURE_REASONS.get(reason) ?? reason;
  return failureCode(subStatus) ?? failureCode(status);
}

/** Why a Kerberos request failed, or undefined when the status is success. */
export function kerberosFailureReason(status: string | undefined): string | undefined {
  const code = failureCode(status);
  if (code === undefined) return undefined;
  const short = code.startsWith('0x') ? `0x${code.slice(2).replace(LEADING_ZEROS, '')}` : code;
  return KERBEROS.get(short) ?? NTSTATUS.get(code) ?? code;
}

/** True when a Status field reports failure (anything but 0x0). */
export function isFailureStatus(status: string | undefined): boolean {
  return failureCode(status) !== undefined;
}
