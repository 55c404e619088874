import { Readable } from 'node:stream';
import { unzstd } from '../src/ingest/archive/zstd.ts';
import { frameJson } from '../src/ingest/framing/json.ts';
import { awsCloudFrontFormat } from '../src/ingest/formats/aws-cloudfront.ts';
import { awsElbFormat } from '../src/ingest/formats/aws-elb.ts';
import { bindDraft } from '../src/ingest/formats/bind9.ts';
import { parseProxifierLine } from '../src/ingest/formats/proxifier.ts';
import { parseCouchdbLine } from '../src/ingest/formats/couchdb.ts';
import { requestClaim } from '../src/ingest/formats/request-text.ts';
import { exportTime, renderedFields, scriptBlockFields } from '../src/ingest/formats/windows-csv.ts';
import { propertyData } from '../src/ingest/formats/windows-json/templates/index.ts';
import { decodeFreeswitch } from '../src/ingest/formats/services/freeswitch.ts';
import { decodeLfd } from '../src/ingest/formats/services/lfd.ts';
import { parseEnvoyLine } from '../src/ingest/formats/envoy-access.ts';
import { haproxyDraft } from '../src/ingest/formats/haproxy.ts';
import { containerRuntimeOf, frameContainer } from '../src/ingest/framing/container.ts';
import { parseHeader } from '../src/ingest/formats/syslog/header.ts';
import { decoderFor } from '../src/ingest/formats/syslog/programs/index.ts';
import { frameXmlEvents } from '../src/ingest/framing/xml-events.ts';
import { parseEventXml } from '../src/ingest/evtx/xml.ts';
import { idsAlertFields } from '../src/ingest/formats/ids-alert.ts';
import { fortigateFormat } from '../src/ingest/formats/fortigate.ts';
import { idsFastFormat } from '../src/ingest/formats/ids-fast.ts';
import { panosFormat } from '../src/ingest/formats/panos.ts';
import { parseAsa } from '../src/ingest/formats/syslog/cisco-asa.ts';
import { parseIos } from '../src/ingest/formats/syslog/cisco-ios.ts';
import { SERVICE_DECODERS } from '../src/ingest/formats/services/index.ts';
import { mssqlLine, mysqlLine, postgresLine } from '../src/ingest/formats/services/database.ts';
import { kvPairs } from '../src/ingest/formats/kv/pairs.ts';
import { loginClaim, throttleClaim } from '../src/ingest/formats/login-text.ts';
import { parseGinLine } from '../src/ingest/formats/gin-access.ts';
import { parseWebminLine } from '../src/ingest/formats/webmin.ts';
import { parseExchangeLine } from '../src/ingest/formats/exchange.ts';
import { inspektrRecord } from '../src/ingest/formats/inspektr.ts';
import { strongSwanDecoder } from '../src/ingest/formats/syslog/programs/strongswan.ts';
import { dnsmasqDecoder, dnsmasqDhcpDecoder } from '../src/ingest/formats/syslog/programs/dnsmasq.ts';
import { junosDecoder } from '../src/ingest/formats/syslog/programs/junos.ts';
import { freeradiusDecoder } from '../src/ingest/formats/services/radius.ts';
import { npsFormat } from '../src/ingest/formats/nps.ts';
import { netscalerFormat } from '../src/ingest/formats/netscaler.ts';
import { decodeAsterisk } from '../src/ingest/formats/services/asterisk.ts';
import { decodeCowrie } from '../src/ingest/formats/services/cowrie.ts';
import { decodeFail2ban } from '../src/ingest/formats/services/fail2ban.ts';
import { decodeSshesame } from '../src/ingest/formats/services/sshesame.ts';
import { parseWireGuard } from '../src/ingest/formats/syslog/wireguard.ts';
import { findTimestamp } from '../src/ingest/formats/aliases/time.ts';
import { journaldFormat } from '../src/ingest/formats/journald.ts';
import { lastSession } from '../src/ingest/formats/last.ts';
import { macosTextEntry } from '../src/ingest/formats/macos-log.ts';
import { azureFlowFormat } from '../src/ingest/formats/cloud/flows.ts';
import { awsGuardDutyFormat } from '../src/ingest/formats/cloud/guardduty.ts';
import { crowdstrikeFdrFormat } from '../src/ingest/formats/crowdstrike-fdr.ts';
import { defenderXdrFormat } from '../src/ingest/formats/defender-xdr.ts';
import { sentinelCefFormat } from '../src/ingest/formats/sentinel-cef.ts';
import { sentinelSyslogFormat } from '../src/ingest/formats/sentinel-syslog.ts';
import { sentinelCsvEnvelope } from '../src/ingest/formats/sentinel-csv.ts';
import { entraCsvEnvelope } from '../src/ingest/formats/entra-csv.ts';
import { m365CsvEnvelope } from '../src/ingest/formats/m365-audit-csv.ts';
import { modsecurityAlert } from '../src/ingest/formats/web/modsecurity.ts';
import { modsecurityAuditFormat } from '../src/ingest/formats/modsecurity-audit.ts';
import { powershellTranscriptFormat } from '../src/ingest/formats/powershell-transcript.ts';
import { shellHistoryFormat } from '../src/ingest/formats/shell-history.ts';
import { detailPairs, hayabusaTime } from '../src/ingest/formats/hayabusa.ts';
import { chainsawEnvelope } from '../src/ingest/formats/chainsaw.ts';
import { fluentdEnvelope } from '../src/ingest/formats/fluentd-file.ts';
import { shippedCsvEnvelope } from '../src/ingest/formats/shipped-csv.ts';
import { shippedEnvelope } from '../src/ingest/formats/shipped.ts';
import { sonicwallFormat } from '../src/ingest/formats/sonicwall.ts';
import { awsRoute53ResolverFormat } from '../src/ingest/formats/cloud/route53-resolver.ts';
import { sophosFirewallFormat } from '../src/ingest/formats/sophos-firewall.ts';
import { wazuhEnvelope } from '../src/ingest/formats/wazuh.ts';
import { awsS3AccessFormat } from '../src/ingest/formats/aws-s3-access.ts';
import { splunkEnvelope } from '../src/ingest/formats/splunk.ts';
import { windowsTextFormat } from '../src/ingest/formats/windows-text.ts';
import { wevtutilTextFormat } from '../src/ingest/formats/wevtutil-text.ts';
import { readSource } from '../src/ingest/read.ts';
import { isUtmp } from '../src/ingest/utmp/frame.ts';
import { parseUtmpdumpLine } from '../src/ingest/utmp/record.ts';
import { parseSquidLine } from '../src/ingest/formats/squid.ts';
import { parseNpmLine } from '../src/ingest/formats/npm-access.ts';
import { awsVpcFlowFormat } from '../src/ingest/formats/aws-vpc-flow.ts';
import { windowsFirewallFormat } from '../src/ingest/formats/windows-firewall.ts';
import { decodeSysmonLinux } from '../src/ingest/formats/syslog/programs/sysmon-linux.ts';
import { mapperFor, type Family } from '../src/ingest/formats/windows-json/mappers/index.ts';
import { dpkgFormat } from '../src/ingest/formats/packages/dpkg.ts';
import { aptHistoryFormat } from '../src/ingest/formats/packages/apt-history.ts';
import { dnfRpmFormat } from '../src/ingest/formats/packages/dnf-rpm.ts';
import { rpmPackage } from '../src/ingest/formats/packages/package-fields.ts';

/**
 * Lines made to defeat a reader (a regex that backtracks without bound, a search that runs to the end of the text
 * for each of many starts): each case at n and 4n repetitions, with the ratio of the two times. A linear reader
 * shows ~4; a quadratic one ~16. Run: node --import tsx bench/adversarial.ts [n] [name filter]
 */

const n = Number(process.argv[2] ?? 50_000);
/** An optional third argument runs only the cases whose name contains it. */
const only = process.argv[3];
const line = (text: string) => ({ text, line: 1, offset: 0 });
const frame = async (text: string) => {
  let records = 0;
  for await (const batch of frameXmlEvents(Readable.from([Buffer.from(text)]))) records += batch.length;
  return records;
};

const json = async (text: string) => {
  let records = 0;
  for await (const batch of frameJson(Readable.from([Buffer.from(text)]), 'stream')) records += batch.length;
  return records;
};

const container = async (text: string) => {
  let records = 0;
  for await (const batch of frameContainer(Readable.from([Buffer.from(text)]), 'cri', false)) records += batch.length;
  return records;
};

const vpcFlow = (text: string) => awsVpcFlowFormat.createParser({ fileName: 'x' }).parse({ text, line: 1, offset: 0 });
const windowsFirewall = (text: string) => windowsFirewallFormat.createParser({ fileName: 'x' }).parse({ text, line: 1, offset: 0 });
const journal = (value: Record<string, unknown>) => journaldFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value });

const splunkRows = async (rows: number) => {
  const text = Array.from({ length: rows }, (_, i) => JSON.stringify({ preview: false, result: { _raw: `Nov 23 10:00:00 h sshd[1]: Failed password for x from 1.2.3.4 port ${String(i)} ssh2`, sourcetype: `st${String(i)}` } })).join('\n');
  const reading = await readSource('x.json', Readable.from([Buffer.from(text)]), {});
  let events = 0;
  for await (const batch of reading.batches(() => undefined)) events += batch.length;
  return events;
};

const shippedDocs = async (docs: number) => {
  const text = Array.from({ length: docs }, (_, i) => JSON.stringify({ '@timestamp': '2024-11-23T10:00:00Z', agent: { type: 'filebeat' }, log: { file: { path: `/var/log/f${String(i)}.log` } }, message: `Nov 23 10:00:00 h sshd[1]: Failed password for x from 1.2.3.4 port ${String(i)} ssh2` })).join('\n');
  const reading = await readSource('x.json', Readable.from([Buffer.from(text)]), {});
  let events = 0;
  for await (const batch of reading.batches(() => undefined)) events += batch.length;
  return events;
};

const defender = (value: Record<string, unknown>) => defenderXdrFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value });

const routerOs = (message: string) => {
  const header = parseHeader(`Mar 18 20:36:59 gw firewall,info ${message}`);
  return header === undefined ? undefined : decoderFor('routeros')?.decode({ message: header.message, program: 'routeros', header });
};

/** A Windows mapper on a record that has only its rendered message (NXLog, Event Viewer exports). */
const winMessage = (family: Family, eventId: number, message: string) => mapperFor(family, eventId)?.({}, { eventId, data: {}, message });

const aptRun = (line: string) => {
  const parser = aptHistoryFormat.createParser({ fileName: 'x' });
  parser.parse({ text: 'Start-Date: 2024-11-23  10:00:00', line: 1, offset: 0 });
  parser.parse({ text: line, line: 2, offset: 40 });
  return parser.flush?.();
};

const CASES: [string, (k: number) => unknown][] = [
  ['Windows Installer 1033, labels repeated in a name', (k) => winMessage('msi', 1033, `Product Name: ${'. Product Version: . Product Language: '.repeat(k)}`)],
  ['RDP client 1024 and 1102, servers never closed', (k) => [winMessage('rdp-client', 1024, `trying to connect to the server (${'('.repeat(k)}`), winMessage('rdp-client', 1102, `multi-transport connection to the server ${'a.'.repeat(k)}`)]],
  ['Get-WinEvent Properties, a huge list of nested values', (k) => propertyData('Microsoft-Windows-Security-Auditing', 4624, 2, new Array<unknown>(k).fill({ Value: { Value: { value: '/Date(1)/' } } }))],
  ['WinRM 169 and 142, repeated phrases', (k) => [winMessage('winrm', 169, `User ${'x authenticated successfully using '.repeat(k)}`), winMessage('winrm', 142, 'WSMan operation a failed, error code '.repeat(k))]],
  ['Windows Installer 1040, many transactions', (k) => winMessage('msi', 1040, 'Beginning a Windows Installer transaction: '.repeat(k))],
  ['Application Error 1000, one line of labels', (k) => winMessage('application-error', 1000, 'Faulting application name: '.repeat(k))],
  ['classic PowerShell 800, many key-like lines', (k) => winMessage('powershell', 800, '\tHostApplication=x\r\n\tCommandLine=y\r\n'.repeat(k))],
  ['classic PowerShell 800, a command of many lines', (k) => winMessage('powershell', 800, `\tCommandLine=a\r\n${'b\r\n'.repeat(k)}`)],
  ['apt history, one long package-like word', (k) => aptRun(`Install: ${'a'.repeat(k)}`)],
  ['apt history, many unclosed entries', (k) => aptRun(`Install: ${'a ('.repeat(k)}`)],
  ['dnf, a package of many dashes and dots', (k) => dnfRpmFormat.createParser({ fileName: 'x' }).parse(line(`2024-11-23T10:00:00+0000 SUBDEBUG Installed: ${'a-1.'.repeat(k)}x86_64`))],
  ['rpm package, many colons and dashes', (k) => rpmPackage(`${'1:-'.repeat(k)}1-1.noarch`)],
  ['dpkg, a line of many spaces', (k) => dpkgFormat.createParser({ fileName: 'x' }).parse(line(`2024-11-23 10:00:00 install ${' '.repeat(k)}x`))],
  ['ELB, many unclosed quotes', (k) => awsElbFormat.createParser({ fileName: 'x' }).parse(line(`https 2024-05-02T08:00:00Z ${'"a\\'.repeat(k)}`))],
  ['ELB, many quoted fields', (k) => awsElbFormat.createParser({ fileName: 'x' }).parse(line(`https 2024-05-02T08:00:00Z ${'"a" '.repeat(k)}`))],
  ['CloudFront, many tabs', (k) => awsCloudFrontFormat.createParser({ fileName: 'x' }).parse(line(`2024-05-02\t08:00:00${'\t%'.repeat(k)}`))],
  ['JSON framing, records envelopes', (k) => json('{"Records":[{}]}'.repeat(k))],
  ['JSON framing, envelope-like objects', (k) => json(`{ "Records"${' '.repeat(k)}`)],
  ['JSON framing, search responses one after the other', (k) => json('{"took":1,"hits":{"total":2,"hits":[{}]},"x":[1]}'.repeat(k))],
  ['JSON framing, a response whose records never come', (k) => json(`{"took":1,"a":${'[{"b":"}"},'.repeat(k)}1]}`)],
  ['IDS alert, many classifications', (k) => idsAlertFields(`[1:1:1] ${'[Classification: '.repeat(k)}`)],
  ['IDS alert, spaces in a classification', (k) => idsAlertFields(`[1:1:1] x [Classification: ${' '.repeat(k)}x] [Priority: 1] {TCP} a -> b`)],
  ['fast.log, markers without a priority', (k) => idsFastFormat.createParser({ fileName: 'x' }).parse(line(`07/11/2022-10:29:01.860293  ${'[**] '.repeat(k)}`))],
  ['Cisco IOS login, many [user:', (k) => parseIos(`%SEC_LOGIN-5-LOGIN_SUCCESS: ${'[user: '.repeat(k)}`)],
  ['Cisco ASA AAA, many user =', (k) => parseAsa('%ASA-6-113005', `AAA user authentication Rejected ${': user = '.repeat(k)}`)],
  ['FortiGate, one long word', (k) => fortigateFormat.createParser({ fileName: 'x' }).parse(line(`logid=1 type=t ${'a'.repeat(k)}`))],
  ['PAN-OS, quotes and commas', (k) => panosFormat.createParser({ fileName: 'x' }).parse(line(`1,2026/11/22 10:00:00,1,THREAT,${'",'.repeat(k)}`))],
  ['event XML, unclosed attributes', (k) => { try { return parseEventXml(`<Event>${'<a b="'.repeat(k)}`); } catch { return undefined; } }],
  ['XML framing, declarations between events', (k) => frame(`<Event><System/></Event>${'<?'.repeat(k)}`)],
  ['XML framing, doctypes between events', (k) => frame(`<Event><System/></Event>${'<!DOCTYPE ['.repeat(k)}`)],
  ['XML framing, many unclosed events', (k) => frame('<Event '.repeat(k))],
  ['Envoy, many quoted fields', (k) => parseEnvoyLine(`[2024-05-02T08:00:00.000Z] "GET / HTTP/1.1" 200 ${'"a" '.repeat(k)}`)],
  ['Envoy, unclosed quotes', (k) => parseEnvoyLine(`[2024-05-02T08:00:00.000Z] "GET / HTTP/1.1" 200 - 0 0 1 1 ${'"a\\'.repeat(k)}`)],
  ['HAProxy, many slashes', (k) => haproxyDraft(`1.2.3.4:5 [02/May/2024:08:00:00.000] fe ${'a/'.repeat(k)}`)],
  ['HAProxy, many header captures', (k) => haproxyDraft(`1.2.3.4:5 [02/May/2024:08:00:00.000] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/1/1/0 0/0 ${'{a} '.repeat(k)}`)],
  ['CRI, parts of one long line', (k) => container('2024-01-01T00:00:00Z stdout P abc\n'.repeat(k))],
  ['CRI sniff, near-miss lines', (k) => containerRuntimeOf(Array.from({ length: 50 }, () => `2024-01-01T00:00:00.${'1'.repeat(k % 100)}Z stdout X ${'y'.repeat(k)}`))],
  ['RouterOS firewall, many commas', (k) => routerOs(`input: in:a out:b, ${'proto TCP, '.repeat(k)}`)],
  ['BIND, a long client address', (k) => bindDraft(`client ${'1:'.repeat(k)}#53 (x): query: x IN A +`)],
  ['BIND, query flags without a server', (k) => bindDraft(`client 192.0.2.1#53 (x): query: x IN A ${'+('.repeat(k)}`)],
  ['services, every decoder on spaces and colons', (k) => SERVICE_DECODERS.map((d) => d.decode(`auth: ${'a: '.repeat(k)}`))],
  ['services, every decoder on brackets', (k) => SERVICE_DECODERS.map((d) => d.decode(`warning: ${'x[1.2.3.4] ('.repeat(k)}`))],
  ['services, every decoder on quotes', (k) => SERVICE_DECODERS.map((d) => d.decode(`USER ${"'a'@'".repeat(k)} Client "x", "`))],
  ['Dovecot, failed without a verdict', (k) => SERVICE_DECODERS[0]!.decode(`imap-login: ${'Disconnected: '.repeat(k)}(auth failed, 1 attempts`)],
  ['Exim, host lists', (k) => SERVICE_DECODERS[2]!.decode(`H=${'a (b) '.repeat(k)}[1.2.3.4]:25 x`)],
  ['PostgreSQL prefix, many severities', (k) => postgresLine('x@y LOG: '.repeat(k))],
  ['MySQL line, long spaces', (k) => mysqlLine(`2026-11-23T08:00:00Z 1 ${' '.repeat(k)}x`)],
  ['SQL Server line, long spaces', (k) => mssqlLine(`2026-11-23 08:00:00.17 Logon${' '.repeat(k)}x`)],
  ['RouterOS firewall, many arrows', (k) => routerOs(`input: in:a out:b, proto TCP, ${'1.2.3.4->'.repeat(k)}`)],
  ['key=value, escaped quotes in one value', (k) => kvPairs(`msg="${'\\"'.repeat(k)}`)],
  ['key=value, many pairs and commas', (k) => kvPairs('a=b, '.repeat(k))],
  ['key=value, long keys without =', (k) => kvPairs(`${'k'.repeat(k)} x`)],
  ['logins in words, many users and colons', (k) => loginClaim(`login failed ${'for user a: '.repeat(k)}`)],
  ['logins in words, many address-like runs', (k) => loginClaim(`login failed ${'1:2:3 1.2.3.4 '.repeat(k)}`)],
  ['throttled logins, many attempts from', (k) => throttleClaim(`${'Authentication attempt from x '.repeat(k)}has been`)],
  ['throttled logins, many brute-force words', (k) => throttleClaim('bruteforce attempt from x '.repeat(k))],
  ['logins in words, many e-mail-like names', (k) => loginClaim(`login failed for ${'a@'.repeat(k)}`)],
  ['Gin, escaped quotes in the path', (k) => parseGinLine(`[GIN] 2024/02/07 - 10:49:33 | 401 | 1ms | 1.2.3.4 | GET "${'\\"'.repeat(k)}`)],
  ['Gin, colour codes without end', (k) => parseGinLine(`[GIN] ${'\x1b[1;2;3'.repeat(k)}`)],
  ['Webmin, many parameters and an unclosed one', (k) => parseWebminLine(`1690466804.1.0 [27/Jul/2023 16:06:44] a - 1.2.3.4 m s "x" "y" "z"${" p='v'".repeat(k)} q='`)],
  ['Webmin, many quoted-looking fields', (k) => parseWebminLine(`1690466804.1.0 [27/Jul/2023 16:06:44] a - 1.2.3.4 m s ${'"x" '.repeat(k)}`)],
  ['Exchange, many columns and doubled quotes', (k) => parseExchangeLine(`2026-11-23T10:00:00.000Z,${'"a""",'.repeat(k)}`, {})],
  ['Exchange, an unclosed quote', (k) => parseExchangeLine(`2026-11-23T10:00:00.000Z,"${'x,'.repeat(k)}`, {})],
  ['Inspektr, many pipes', (k) => inspektrRecord(`${'|A_B|x'.repeat(k)}|1.2.3.4`)],
  ['dnsmasq, answers of many words and " is ", DHCP lines of many words', (k) => [
    dnsmasqDecoder.decode({ message: `${'reply '.repeat(k)}x is y`, program: 'dnsmasq', header: { message: '', labels: {} } }),
    dnsmasqDecoder.decode({ message: `reply ${'a is '.repeat(k)}`, program: 'dnsmasq', header: { message: '', labels: {} } }),
    dnsmasqDecoder.decode({ message: `1 1.2.3.4/5 query[A] ${'a'.repeat(k)} from`, program: 'dnsmasq', header: { message: '', labels: {} } }),
    dnsmasqDhcpDecoder.decode({ message: `DHCPACK(br0) ${'a '.repeat(k)}`, program: 'dnsmasq-dhcp', header: { message: '', labels: {} } }),
  ]],
  ['Juniper SRX, sessions, screens and IDP logs of many words, pairs and endpoints', (k) => [
    junosDecoder.decode({ message: `RT_FLOW_SESSION_CLOSE: session closed x: 1.2.3.4/1->5.6.7.8/2 ${'1 '.repeat(k)}`, program: 'rt_flow', header: { message: '', labels: {} } }),
    junosDecoder.decode({ message: `RT_FLOW_SESSION_DENY: session denied 1.2.3.4/1->5.6.7.8/2 x 6(0) ${'a '.repeat(k)}`, program: 'rt_flow', header: { message: '', labels: {} } }),
    junosDecoder.decode({ message: `RT_SCREEN_TCP: x! ${'source: 1.2.3.4:5, '.repeat(k)}`, program: 'rt_screen', header: { message: '', labels: {} } }),
    junosDecoder.decode({ message: `IDP_ATTACK_LOG_EVENT: ${'<1.2.3.4/1->'.repeat(k)} by rule ${'a '.repeat(k)} attack: ${'a=b, '.repeat(k)}`, program: 'rt_idp', header: { message: '', labels: {} } }),
  ]],
  ['FreeRADIUS, reasons and users of many brackets and client-like parts', (k) => [
    freeradiusDecoder.decode(`Login incorrect (${'): ['.repeat(k)}): [x] (from client a port 0 cli b)`),
    freeradiusDecoder.decode(`Login OK: [${'] (from client a port 0 cli b) '.repeat(k)}`),
    freeradiusDecoder.decode(`Login OK: [${'x'.repeat(k)}] (from client a port 0 cli b)`),
  ]],
  ['Network Policy Server, events of many elements, open tags and entities', (k) => {
    const parser = npsFormat.createParser({ fileName: 'x' });
    return [`<Event>${'<a>b</a>'.repeat(k)}</Event>`, `<Event>${'<a x>'.repeat(k)}</Event>`, `<Event><a>${'&amp;'.repeat(k)}</a></Event>`].map((text) => parser.parse(line(text)));
  }],
  ['NetScaler, header-like text and messages of many parts', (k) => {
    const parser = netscalerFormat.createParser({ fileName: 'x' });
    const head = '<134> 11/23/2024:10:00:00 GMT ns01 0-PPE-0 : default AAA LOGIN_FAILED 1 0 : ';
    return ['11/23/2024:10:00:00 GMT ns01 0-PPE-0 : '.repeat(k), `${head}${'User a - '.repeat(k)}`, `${head}${' - '.repeat(k)}`, `${head}"${'\\"'.repeat(k)}"`].map((text) => parser.parse(line(text)));
  }],
  ['strongSwan, many SA-like brackets', (k) => strongSwanDecoder.decode({ message: `06[IKE] <${'a|'.repeat(k)}1> x`, program: 'charon', header: { message: '', labels: {} } })],
  ['strongSwan, long quoted user', (k) => strongSwanDecoder.decode({ message: `06[IKE] <a|1> authentication of '${"x'".repeat(k)} with EAP successful`, program: 'charon', header: { message: '', labels: {} } })],
  ['Asterisk, a security event with many pairs', (k) => decodeAsterisk(`SECURITY[1]: res_security_log.c: SecurityEvent="InvalidPassword",${'K="v",'.repeat(k)}RemoteAddress="IPV4/UDP/1.2.3.4/5"`)],
  ['Asterisk, a registration of many quotes', (k) => decodeAsterisk(`NOTICE[1]: chan_sip.c: Registration from '${"x' failed for '".repeat(k)}`)],
  ['Asterisk, many source-file-like words', (k) => decodeAsterisk(`NOTICE[1]: ${'a.c:1 in f: '.repeat(k)}`)],
  ['WireGuard, many parenthesised peers', (k) => parseWireGuard(`wireguard: wg0: Packet has unallowed src IP (1.2.3.4) from peer 1 ${'(1.2.3.4:5) '.repeat(k)}`)],
  ['WireGuard, a long endpoint-like run', (k) => parseWireGuard(`wireguard: wg0: Invalid handshake initiation from ${'1.2.3.4:5'.repeat(k)}`)],
  ['Cowrie, a login attempt of many quotes and slashes', (k) => decodeCowrie(`[HoneyPotSSHTransport,0,1.2.3.4] login attempt [b'${"'/b'".repeat(k)}] failed`)],
  ['Cowrie, many bracketed systems', (k) => decodeCowrie('[a] '.repeat(k))],
  ['sshesame, a user of many escaped quotes', (k) => decodeSshesame(`[1.2.3.4:5] authentication for user "${'\\"'.repeat(k)}" with password "x`)],
  ['fail2ban, many spaces and brackets', (k) => decodeFail2ban(`fail2ban.actions ${' '.repeat(k)}[1]: NOTICE ${'[a] '.repeat(k)}Ban 1.2.3.4`)],
  ['FreeSWITCH, an auth failure of many quotes and brackets', (k) => decodeFreeswitch(`sofia_reg.c:1 SIP auth failure (REGISTER) on sofia profile '${"'] [".repeat(k)}`)],
  ['FreeSWITCH, many source-file-like words', (k) => decodeFreeswitch(`${'a.c:1 '.repeat(k)}IP 1.2.3.4 Rejected by acl`)],
  ['lfd, many address-like words before the block', (k) => decodeLfd(`${'from 1:2:3 IP a.b by '.repeat(k)} - *Blocked in csf*`)],
  ['lfd, many counts and brackets', (k) => decodeLfd(`from 1.2.3.4 ${'1 in the last [A_B] '.repeat(k)} - *Blocked in csf* for 1 secs ${'[A] '.repeat(k)}`)],
  ['CouchDB, a request of many spaces', (k) => parseCouchdbLine(`[notice] 2026-11-23T08:00:00Z n <0.1.0> r ${'a '.repeat(k)}`)],
  ['CouchDB, a host of many colons', (k) => parseCouchdbLine(`[notice] 2026-11-23T08:00:00Z n <0.1.0> r ${':1'.repeat(k)} 1.2.3.4 u GET / 200 ok 1`)],
  ['requests in words, many methods without a target', (k) => requestClaim(`${'GET POST '.repeat(k)}/x 200`)],
  ['requests in words, many addresses and a late status cue', (k) => requestClaim(`${'1.2.3.4 '.repeat(k)}GET /x ${'returned '.repeat(k)}200`)],
  ['Event Viewer CSV, a message of many sections and fields', (k) => renderedFields(`A.\n${'S:\n\tAccount Name:\tx\n'.repeat(k)}`, false)],
  ['Event Viewer CSV, a script block of many ID-like lines', (k) => scriptBlockFields(`Creating Scriptblock text (1 of 1):\n${'x\n\nScriptBlock ID: a\nPath: b\nz'.repeat(k)}`)],
  ['Event Viewer CSV, a long time-like value', (k) => exportTime(`1/2/2026 ${'1'.repeat(k)}:00`)],
  ['Proxifier, many separators and colons', (k) => parseProxifierLine(`[10.30 16:49:06] ${'a - b:1 '.repeat(k)}`)],
  ['Proxifier, a close of many byte counts', (k) => parseProxifierLine(`[10.30 16:49:06] a - b:1 close, ${'1 bytes (1 KB) sent, '.repeat(k)}`)],
  ['journalctl short-full, a long zone-like run', (k) => parseHeader(`Sat 2024-11-23 10:00:00 ${'A'.repeat(k)} h p: x`)],
  ['journalctl short-unix, many spaces before the host', (k) => parseHeader(`1732356000.123456${' '.repeat(k)}h`)],
  ['journal entry, many fields and a long byte array', (k) => journal({ MESSAGE: Array.from({ length: k }, () => 65), ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`_F${String(i)}`, 'b5d1e0c9a2f4b4c4e8e2a1b3c4d5e6f7'])) })],
  ['Squid, a long URL of quotes and slashes', (k) => parseSquidLine(`1732356000.123 1 10.0.0.1 TCP_MISS/200 1 GET http://a/${'"/\\'.repeat(k)} - HIER_NONE/- - "${'\\"'.repeat(k)}`)],
  ['Nginx Proxy Manager, many quoted fields and escapes', (k) => parseNpmLine(`[23/Nov/2024:10:00:00 +0000] - 200 200 - GET https h "${'\\"'.repeat(k)}" [Client 1.2.3.4] [Length 1] [Gzip -] ${'"a" '.repeat(k)}`)],
  ['Nginx Proxy Manager (NPMplus), a request of many quotes', (k) => parseNpmLine(`[23/Nov/2024:10:00:00 +0000] h 1.2.3.4 0.1 "${'\\" '.repeat(k)} 200 1 1 - ${'x '.repeat(k)}`)],
  ['VPC flow, a long header-like line', (k) => vpcFlow(`version srcaddr dstaddr ${'x '.repeat(k)}`)],
  ['Windows Firewall, a long fields directive', (k) => windowsFirewall(`#Fields: ${'date '.repeat(k)}`)],
  ['Sysmon for Linux, a deep unclosed element', (k) => decodeSysmonLinux(`<Event>${'<a>'.repeat(k)}`)],
  ['Windows classic text, an event of many key lines', (k) => windowsTextFormat.createParser({ fileName: 'x' }).parse(line(`11/23/2024 10:00:00 AM\nLogName=Security\n${'K=v\n'.repeat(k)}Message=x`))],
  ['wevtutil text, an event of many header lines and Event[N] lines in its message', (k) => wevtutilTextFormat.createParser({ fileName: 'x' }).parse(line(`Event[0]:\n  Log Name: Security\n${'  Task: v\n'.repeat(k)}  Event ID: 4625\n  Description: \n${'Event[1]:\n'.repeat(k)}`))],
  ['wevtutil text, many start lines in a file', (k) => { const parser = wevtutilTextFormat.createParser({ fileName: 'x' }); for (let i = 0; i < k; i++) parser.parse(line(i % 2 === 0 ? 'Event[0]:' : '  Log Name: Security')); return parser.flush?.(); }],
  ['Windows classic text, many time lines in a file', (k) => { const parser = windowsTextFormat.createParser({ fileName: 'x' }); for (let i = 0; i < k; i++) parser.parse(line(i % 2 === 0 ? '11/23/2024 10:00:00 AM' : 'LogName=Security')); return parser.flush?.(); }],
  ['Splunk export, a row of many fields', (k) => splunkEnvelope({ text: '', line: 1, offset: 0, value: { _raw: 'x', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`f${String(i)}`, ['a', 'b']])) } })],
  ['Splunk export, a sourcetype per row', (k) => splunkRows(Math.ceil(k / 100))],
  ['shipped logs, a document of many fields', (k) => shippedEnvelope({ text: '', line: 1, offset: 0, value: { agent: { type: 'filebeat' }, message: 'x', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`f${String(i)}`, { a: ['b', 'c'] }])) } })],
  ['shipped logs, a hit of a deep document', (k) => shippedEnvelope({ text: '', line: 1, offset: 0, value: { _index: 'i', _source: JSON.parse(`${'{"a":'.repeat(Math.min(k, 5000))}1${'}'.repeat(Math.min(k, 5000))}`) as unknown } })],
  ['shipped logs, a file per document', (k) => shippedDocs(Math.ceil(k / 100))],
  ['shipped logs, a GELF message of many fields and a long program', (k) => shippedEnvelope({ text: '', line: 1, offset: 0, value: { version: '1.1', host: 'h', short_message: 'x', _application_name: 'a'.repeat(k), ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`_f${String(i)}`, 'v'])) } })],
  ['CSV search results, a row of many columns', (k) => shippedCsvEnvelope({ text: '', line: 1, offset: 0, value: { '@timestamp': 'Nov 23, 2024 @ 10:00:00.000', message: 'x', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`c.${String(i)}`, "'-v"])) } })],
  ['CSV search results, a Winlogbeat row of deeply dotted columns', (k) => shippedCsvEnvelope({ text: '', line: 1, offset: 0, value: { '@timestamp': 'x', [`winlog.${'a.'.repeat(k)}b`]: 'v', [`winlog.${'a.'.repeat(Math.min(k, 30))}c`]: 'w' } })],
  ['Sentinel CSV, a row of many time and JSON-like columns', (k) => sentinelCsvEnvelope({ text: '', line: 1, offset: 0, value: Object.fromEntries(Array.from({ length: k }, (_, i) => [i % 2 === 0 ? `T${String(i)} [UTC]` : `D${String(i)}`, i % 2 === 0 ? `11/23/2024, ${'1'.repeat(i % 50)}:00:00.000 PM` : `{"a":[${'1,'.repeat(i % 50)}1]`])) })],
  ['Entra sign-ins CSV, long words, commas and dashes in every column', (k) => entraCsvEnvelope({ text: '', line: 1, offset: 0, value: { 'Date (UTC)': '2024-11-23T10:00:00Z', 'Request ID': 'r', 'Sign-in error code': '9'.repeat(k), Location: ','.repeat(k), 'Authentication requirement': '- '.repeat(k), ['a b-'.repeat(k)]: 'x', ...Object.fromEntries(Array.from({ length: Math.min(k, 1000) }, (_, i) => [`C ${String(i)}`, 'v'])) } })],
  ['Entra audit CSV, many targets, modified properties and details', (k) => entraCsvEnvelope({ text: '', line: 1, offset: 0, value: { 'Date (UTC)': '2024-11-23T10:00:00Z', CorrelationId: 'c', Activity: 'a', Service: 's', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [i % 3 === 0 ? `Target${String(i % 150)}ModifiedProperty${String(i % 120)}Name` : i % 3 === 1 ? `AdditionalDetail${String(i % 130)}Key` : `Target${String(i % 140)}Type`, 'v'])) } })],
  ['M365 audit CSV, a deep AuditData and many columns', (k) => m365CsvEnvelope({ text: '', line: 1, offset: 0, value: { CreationDate: '2024-11-23T10:00:00Z', AuditData: `${'{"a":'.repeat(Math.min(k, 5000))}1${'}'.repeat(Math.min(k, 5000))}`, ...Object.fromEntries(Array.from({ length: Math.min(k, 1000) }, (_, i) => [`C${String(i)}`, 'v'])) } })],
  ['ModSecurity, many pairs, then text that ends no run', (k) => modsecurityAlert(`ModSecurity: Warning. x ${'[id "1"] '.repeat(k)}tail`)],
  ['ModSecurity, many pair starts never closed and escapes', (k) => modsecurityAlert(`ModSecurity: Warning. x ${'[a "\\"'.repeat(k)}`)],
  ['ModSecurity, values of many escaped bytes', (k) => modsecurityAlert(`ModSecurity: Warning. x [id "1"] [data "${'\\x41'.repeat(k)}"] [msg "${'\\"'.repeat(k)}"]`)],
  ['ModSecurity audit log, a record of many headers and trailer lines', (k) => { const parser = modsecurityAuditFormat.createParser({ fileName: 'x' }); parser.parse(line('--abcdefgh-A--')); parser.parse(line('--abcdefgh-B--')); for (let i = 0; i < k; i++) parser.parse(line(i % 2 === 0 ? `H${String(i)}: ${'v'.repeat(i % 100)}` : `Message: Warning. [id "${String(i)}"]`)); return parser.flush?.(); }],
  ['ModSecurity audit log, many records opened and never closed', (k) => { const parser = modsecurityAuditFormat.createParser({ fileName: 'x' }); for (let i = 0; i < Math.ceil(k / 10); i++) parser.parse(line(`--${String(10_000_000 + i)}-A--`)); return parser.flush?.(); }],
  ['PowerShell transcript, a command of many continuation and output lines', (k) => { const parser = powershellTranscriptFormat.createParser({ fileName: 'x' }); parser.parse(line('Windows PowerShell transcript start')); parser.parse(line('*****************')); parser.parse(line('PS C:\\> x')); for (let i = 0; i < k; i++) parser.parse(line(i < k / 2 ? `>> ${'a'.repeat(i % 100)}` : 'out')); return parser.flush?.(); }],
  ['Shell history, one timestamp and many lines, zsh and PSReadLine continuations', (k) => {
    const histories: [string, (i: number) => string][] = [['.bash_history', (i) => (i === 0 ? '#1732350000' : 'a')], ['.zsh_history', (i) => (i === 0 ? ': 1732350000:0;a\\' : 'b\\')], ['ConsoleHost_history.txt', () => 'a`']];
    return histories.map(([fileName, text]) => { const parser = shellHistoryFormat.createParser({ fileName }); for (let i = 0; i < k; i++) parser.parse(line(text(i))); return parser.flush?.(); });
  }],
  ['Shell history, sniffing lines of many assignments, operators and dashes', (k) => shellHistoryFormat.sniff({ fileName: 'x', values: [], lines: [`${'a=b '.repeat(k)}x`, 'a='.repeat(k), `get-${'a'.repeat(k)}`, `$${':'.repeat(k)}`, `[${'.'.repeat(k)}`, '|'.repeat(k)] })],
  ['PowerShell transcript, a long prompt-like line of many >', (k) => { const parser = powershellTranscriptFormat.createParser({ fileName: 'x' }); parser.parse(line('Windows PowerShell transcript start')); parser.parse(line('*****************')); parser.parse(line(`PS ${'a '.repeat(k)}${'>'.repeat(k)}`)); return parser.flush?.(); }],
  ['Hayabusa, details of many separators and colons', (k) => detailPairs(`${'a: b: ¦ '.repeat(k)}${':'.repeat(k)}`)],
  ['Hayabusa, time-like text of many digits and spaces', (k) => hayabusaTime(`${'1'.repeat(k)}-11-2024 ${' '.repeat(k)}1:00:00 AM +09:00`) ?? hayabusaTime(`Sat, ${'1'.repeat(k)} Nov 2024 10:00:00 +0900`)],
  ['Chainsaw, a detection of many tags and a deep document', (k) => chainsawEnvelope({ text: '', line: 1, offset: 0, value: { kind: 'individual', name: 'n', level: 'high', tags: Array.from({ length: k }, (_, i) => `t${String(i)}`), document: { kind: 'evtx', data: JSON.parse(`${'{"a":'.repeat(Math.min(k, 5000))}1${'}'.repeat(Math.min(k, 5000))}`) as unknown } } })],
  ['Wazuh, a Windows event of many fields and long doubled backslashes', (k) => wazuhEnvelope({ timestamp: 't', agent: {}, location: 'EventChannel', data: { win: { system: { eventID: '1', message: `"${'\\\\'.repeat(k)}x` }, eventdata: Object.fromEntries(Array.from({ length: k }, (_, i) => [`f${String(i)}`, `${'\\\\'.repeat(i % 100)}\\`])) } } })],
  ['Wazuh, a value of many doubled backslashes and a lone one', (k) => wazuhEnvelope({ timestamp: 't', agent: {}, location: 'EventChannel', data: { win: { system: { eventID: '1' }, eventdata: { image: `${'\\\\'.repeat(k)}\\` } } } })],
  ['Check Point, a long word and an unterminated value', (k) => decoderFor('checkpoint')?.decode({ message: `[${'a'.repeat(k)} b:"${'x\\'.repeat(k)}`, program: 'checkpoint', header: { message: '', labels: {} } })],
  ['SonicWall, many unterminated quotes and a long endpoint', (k) => sonicwallFormat.createParser({ fileName: 'x' }).parse(line(`id=firewall sn=1 m=1 ${'a="b=\''.repeat(k)} src=${'1:'.repeat(k)}`))],
  ['Sophos Firewall, many unterminated quotes and pairs', (k) => sophosFirewallFormat.createParser({ fileName: 'x' }).parse(line(`device="SFW" log_id=1 log_type="Firewall" ${'a="b='.repeat(k)} ${'c=d '.repeat(k)}`))],
  ['Route 53 Resolver, many answers and a long dotted name', (k) => awsRoute53ResolverFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { query_timestamp: 't', query_name: `${'a.'.repeat(k)}.`, srcaddr: '10.0.0.1', vpc_id: 'v', answers: Array.from({ length: k }, (_, i) => ({ Rdata: `10.0.${String(i % 256)}.1` })) } })],
  ['Fluentd out_file, a kept line beside a record of many fields', (k) => fluentdEnvelope(line(`2024-11-23T10:00:00+0000\tapp\t${JSON.stringify({ message: 'x', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`f${String(i)}`, 'v'])) })}`))],
  ['Fluentd out_file, a long tag-like run and many tabs and braces', (k) => fluentdEnvelope(line(`2024-11-23T10:00:00+0000\t${'a'.repeat(k)}\t{}`)) ?? fluentdEnvelope(line(`2024-11-23T10:00:00+0000\tt\t{${'\t{'.repeat(k)}`))],
  ['syslog, a headerless line of a long tag-like word', (k) => parseHeader(`${'a'.repeat(k)}[1]: x`) ?? parseHeader(`${'[a'.repeat(k)}:`)],
  ['S3 access log, brackets and quotes never closed', (k) => awsS3AccessFormat.createParser({ fileName: 'x' }).parse(line(`o b [23/Nov/2024:10:00:38 +0000] ${'[a "b\\'.repeat(k)}`))],
  ['GuardDuty, a long type of threat-like words', (k) => awsGuardDutyFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { Arn: 'arn:aws:guardduty:x', Type: `x:${'Port'.repeat(k)}${'C&C'.repeat(k)}`, Service: { ServiceName: 'guardduty' } } })],
  ['Azure flow log, a tuple of many commas', (k) => azureFlowFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { category: 'NetworkSecurityGroupFlowEvent', properties: { flows: [{ rule: 'r', flows: [{ mac: 'm', flowTuples: [`1,1.2.3.4,5.6.7.8,1,2,T,I,D${','.repeat(k)}`] }] }] } } })],
  ['Sentinel CommonSecurityLog, many extensions and custom-like columns', (k) => sentinelCefFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { TimeGenerated: 't', DeviceVendor: 'v', DeviceProduct: 'p', AdditionalExtensions: 'a=b;'.repeat(k), ...Object.fromEntries(Array.from({ length: Math.min(k, 1000) }, (_, i) => [`DeviceCustomString${String(i)}Label`, 'x'])) } })],
  ['Sentinel Syslog, a row of many columns and a long message', (k) => sentinelSyslogFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { Type: 'Syslog', TimeGenerated: '2024-11-23T10:00:00Z', ProcessName: 'sshd', SyslogMessage: `Failed password for ${'a '.repeat(k)}from 1.2.3.4 port 1 ssh2`, ...Object.fromEntries(Array.from({ length: Math.min(k, 1000) }, (_, i) => [`C${String(i)}`, 'v'])) } })],
  ['CrowdStrike, long zero-hash and time-like runs', (k) => crowdstrikeFdrFormat.createParser({ fileName: 'x' }).parse({ text: '{}', line: 1, offset: 0, value: { event_simpleName: 'ProcessRollup2', aid: 'a', SHA1HashData: `${'0'.repeat(k)}1`, ContextTimeStamp: `${'1'.repeat(k)}.1.`, ProcessStartTime: `${'2'.repeat(k)}.` } })],
  ['Defender XDR, a row of many columns', (k) => defender({ Timestamp: '2024-11-23T10:00:00Z', DeviceName: 'h', ActionType: 'ProcessCreated', ...Object.fromEntries(Array.from({ length: k }, (_, i) => [`C${String(i)}`, 'v'])) })],
  ['Defender XDR, a long action and remote URL', (k) => defender({ Timestamp: '2024-11-23T10:00:00Z', DeviceName: 'h', ActionType: `Connection${'aB'.repeat(k)}`, RemoteUrl: `${'a'.repeat(k)}://${'b:'.repeat(k)}` })],
  ['utmpdump, brackets and spaces', (k) => parseUtmpdumpLine(`[7] [1] [a] ${'[x] '.repeat(k)}[2024-11-23T10:00:00,1+00:00]`)],
  ['utmpdump, many fields and no time', (k) => parseUtmpdumpLine(`[7] [1] [a] ${'[x] '.repeat(k)}[2024-11-23T10:00:00,1+00:00`)],
  ['utmp sniff, records almost plausible', (k) => isUtmp(Buffer.alloc(384 * Math.min(64, Math.ceil(k / 1000)), 1))],
  ['macOS log, a syslog-style line of many pid-like brackets', (k) => macosTextEntry(`2024-11-23 10:00:01.123456-0800  localhost ${'p[1]:x'.repeat(k)}`)],
  ['macOS log, a compact line of many thread-like brackets', (k) => macosTextEntry(`2024-11-23 10:00:01.123 Df ${'p[1:a]x'.repeat(k)}`)],
  ['macOS log, a default line of many colons', (k) => macosTextEntry(`2024-11-23 10:00:01.123456-0800 0x1 Default 0x0 1 0 ${'a:'.repeat(k)}`)],
  ['Screen Sharing, a long user name-like run', (k) => decoderFor('screensharingd')?.decode({ message: `Authentication: FAILED :: User Name: ${' :: '.repeat(k)}`, program: 'screensharingd', header: { message: '', labels: {} } })],
  ['last, an end of many durations', (k) => lastSession(`u pts/0 h Sat Nov 23 10:00:00 2024 - ${'x (1:00) '.repeat(k)}y z`)],
  ['last, many weekday-like words before the time', (k) => lastSession(`${'Sat Nov 23 10:00 '.repeat(k)}x`)],
  ['last, spaces before an unclosed duration', (k) => lastSession(`u pts/0 h Sat Nov 23 10:00 - 10:30${' '.repeat(k)}(1:00`)],
  ['timestamps, many near-dates', (k) => findTimestamp(`${'01/02/3 27/Jul/2023 2024/01/0 '.repeat(k)}1:00:00`)],
];

/** zstd frames as a crafted stream repeats them: one raw block `x\n` in a 1 KiB window, or RLE blocks standing for 128 KiB each. */
const ZSTD_TINY = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x11, 0x00, 0x00, 0x78, 0x0a]);
const zstdRle = (blocks: number) => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), ...Array.from({ length: blocks }, (_, i) => Buffer.from([(i === blocks - 1 ? 1 : 0) | 2 | ((128 * 1024) << 3 & 0xff), ((128 * 1024) << 3 >> 8) & 0xff, ((128 * 1024) << 3) >> 16, 0x0a]))]);
async function drainZstd(bytes: Buffer): Promise<number> {
  let total = 0;
  for await (const chunk of unzstd(Readable.from([bytes]))) total += chunk.length;
  return total;
}
CASES.push(
  ['zstd, many frames of one tiny block', (k) => drainZstd(Buffer.concat(Array.from({ length: k }, () => ZSTD_TINY)))],
  ['zstd, many skippable frames', (k) => drainZstd(Buffer.concat([...Array.from({ length: k }, () => Buffer.from([0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0])), ZSTD_TINY]))],
  ['zstd, RLE blocks of 128 KiB (k / 50 of them)', (k) => drainZstd(zstdRle(Math.ceil(k / 50)))],
);

async function time(run: (k: number) => unknown, k: number): Promise<number> {
  const started = performance.now();
  await run(k);
  return performance.now() - started;
}

console.log(`adversarial lines: n = ${String(n)} and 4n repetitions; ms, and the ratio (linear ~4, quadratic ~16)`);
for (const [name, run] of CASES.filter(([name]) => only === undefined || name.includes(only))) {
  await time(run, 1000);
  const small = await time(run, n);
  const large = await time(run, 4 * n);
  console.log(`${name.padEnd(44)} ${small.toFixed(1).padStart(8)} ${large.toFixed(1).padStart(8)}  ×${(large / Math.max(small, 0.1)).toFixed(1)}`);
}
