import type { FormatDefinition } from '../format.ts';
import { apacheErrorFormat } from './apache-error.ts';
import { awsCloudFrontFormat } from './aws-cloudfront.ts';
import { awsElbFormat } from './aws-elb.ts';
import { auditdFormat } from './auditd.ts';
import { bind9Format } from './bind9.ts';
import { cefFormat } from './cef.ts';
import { envoyAccessFormat } from './envoy-access.ts';
import { ginAccessFormat } from './gin-access.ts';
import { webminFormat } from './webmin.ts';
import { exchangeFormat } from './exchange.ts';
import { awsCloudTrailFormat } from './cloud/aws-cloudtrail.ts';
import { azureFormat } from './cloud/azure.ts';
import { bitbucketAuditFormat } from './cloud/bitbucket-audit.ts';
import { gcpAuditFormat } from './cloud/gcp-audit.ts';
import { githubAuditFormat } from './cloud/github-audit.ts';
import { kubernetesAuditFormat } from './cloud/kubernetes-audit.ts';
import { m365Format } from './cloud/m365.ts';
import { oktaFormat } from './cloud/okta.ts';
import { duoFormat } from './cloud/duo.ts';
import { gitlabFormat } from './gitlab.ts';
import { couchdbFormat } from './couchdb.ts';
import { csvFormat } from './csv.ts';
import { fortigateFormat } from './fortigate.ts';
import { netscalerFormat } from './netscaler.ts';
import { sonicwallFormat } from './sonicwall.ts';
import { sophosFirewallFormat } from './sophos-firewall.ts';
import { crowdstrikeFdrCsvFormat, crowdstrikeFdrFormat } from './crowdstrike-fdr.ts';
import { defenderXdrCsvFormat, defenderXdrFormat } from './defender-xdr.ts';
import { osqueryFormat } from './osquery.ts';
import { awsS3AccessFormat } from './aws-s3-access.ts';
import { awsWafFormat, cloudflareFormat } from './cloud/edge.ts';
import { azureFlowFormat, gcpNetworkFormat } from './cloud/flows.ts';
import { awsGuardDutyFormat } from './cloud/guardduty.ts';
import { awsRoute53ResolverFormat } from './cloud/route53-resolver.ts';
import { genericJsonFormat } from './generic-json.ts';
import { haproxyFormat } from './haproxy.ts';
import { idsFastFormat } from './ids-fast.ts';
import { iisW3cFormat } from './iis-w3c.ts';
import { kvFormat } from './kv.ts';
import { leefFormat } from './leef.ts';
import { panosFormat } from './panos.ts';
import { plaintextFormat } from './plaintext.ts';
import { proxifierFormat } from './proxifier.ts';
import { eximFormat } from './service-logs/exim.ts';
import { mssqlFormat } from './service-logs/mssql.ts';
import { mysqlFormat } from './service-logs/mysql.ts';
import { openvpnFormat } from './service-logs/openvpn.ts';
import { postgresqlFormat } from './service-logs/postgresql.ts';
import { sambaFormat } from './service-logs/samba.ts';
import { proftpdFormat } from './service-logs/proftpd.ts';
import { vsftpdFormat } from './service-logs/vsftpd.ts';
import { freeradiusFormat } from './service-logs/freeradius.ts';
import { npsFormat } from './nps.ts';
import { asteriskFormat } from './service-logs/asterisk.ts';
import { freeswitchFormat } from './service-logs/freeswitch.ts';
import { cowrieFormat } from './service-logs/cowrie.ts';
import { sshesameFormat } from './service-logs/sshesame.ts';
import { fail2banFormat } from './service-logs/fail2ban.ts';
import { cowrieJsonFormat } from './cowrie-json.ts';
import { journaldFormat } from './journald.ts';
import { evtxecmdFormat, evtxecmdJsonFormat } from './evtxecmd.ts';
import { windowsFirewallFormat } from './windows-firewall.ts';
import { awsVpcFlowFormat } from './aws-vpc-flow.ts';
import { windowsTextFormat } from './windows-text.ts';
import { wevtutilTextFormat } from './wevtutil-text.ts';
import { powershellWinEventCsvFormat, powershellWinEventFormat } from './powershell-winevent.ts';
import { macosLogFormat, macosLogJsonFormat } from './macos-log.ts';
import { lastFormat } from './last.ts';
import { dpkgFormat } from './packages/dpkg.ts';
import { aptHistoryFormat } from './packages/apt-history.ts';
import { shellHistoryFormat } from './shell-history.ts';
import { dnfRpmFormat } from './packages/dnf-rpm.ts';
import { yumFormat } from './packages/yum.ts';
import { utmpFormat, utmpdumpFormat } from './utmp.ts';
import { splunkCsvFormat, splunkJsonFormat } from './splunk.ts';
import { sentinelCefFormat } from './sentinel-cef.ts';
import { sentinelSyslogFormat } from './sentinel-syslog.ts';
import { sentinelCsvFormat } from './sentinel-csv.ts';
import { m365AuditCsvFormat } from './m365-audit-csv.ts';
import { entraCsvFormat } from './entra-csv.ts';
import { modsecurityAuditFormat } from './modsecurity-audit.ts';
import { modsecurityAuditJsonFormat } from './modsecurity-audit-json.ts';
import { powershellTranscriptFormat } from './powershell-transcript.ts';
import { hayabusaFormat, hayabusaJsonFormat } from './hayabusa.ts';
import { chainsawFormat } from './chainsaw.ts';
import { wazuhFormat } from './wazuh.ts';
import { fluentdFileFormat } from './fluentd-file.ts';
import { shippedCsvFormat } from './shipped-csv.ts';
import { shippedJsonFormat } from './shipped.ts';
import { squidFormat } from './squid.ts';
import { npmAccessFormat } from './npm-access.ts';
import { windowsDnsFormat } from './windows-dns.ts';
import { pveFirewallFormat } from './pve-firewall.ts';
import { suricataEveFormat } from './suricata-eve.ts';
import { syslogFormat } from './syslog.ts';
import { webAccessFormat } from './web-access.ts';
import { windowsJsonFormat } from './windows-json.ts';
import { windowsXmlFormat } from './windows-xml.ts';
import { windowsCsvFormat } from './windows-csv.ts';
import { zeekJsonFormat } from './zeek-json.ts';
import { zeekTsvFormat } from './zeek-tsv.ts';

/**
 * Every log format Vigil reads. Order breaks sniffing ties: specific formats first, the generic
 * ones (generic-json, csv) and the plain-text fallback last.
 */
export const FORMATS: readonly FormatDefinition[] = [
  syslogFormat,
  macosLogFormat,
  webAccessFormat,
  apacheErrorFormat,
  modsecurityAuditFormat,
  iisW3cFormat,
  windowsFirewallFormat,
  awsElbFormat,
  awsCloudFrontFormat,
  awsS3AccessFormat,
  awsVpcFlowFormat,
  envoyAccessFormat,
  ginAccessFormat,
  couchdbFormat,
  webminFormat,
  exchangeFormat,
  haproxyFormat,
  squidFormat,
  npmAccessFormat,
  bind9Format,
  windowsDnsFormat,
  proxifierFormat,
  vsftpdFormat,
  freeradiusFormat,
  npsFormat,
  asteriskFormat,
  freeswitchFormat,
  cowrieFormat,
  sshesameFormat,
  fail2banFormat,
  proftpdFormat,
  eximFormat,
  mysqlFormat,
  postgresqlFormat,
  mssqlFormat,
  openvpnFormat,
  sambaFormat,
  windowsJsonFormat,
  windowsXmlFormat,
  windowsCsvFormat,
  windowsTextFormat,
  wevtutilTextFormat,
  powershellTranscriptFormat,
  powershellWinEventFormat,
  powershellWinEventCsvFormat,
  evtxecmdFormat,
  evtxecmdJsonFormat,
  defenderXdrFormat,
  defenderXdrCsvFormat,
  crowdstrikeFdrFormat,
  crowdstrikeFdrCsvFormat,
  osqueryFormat,
  zeekTsvFormat,
  zeekJsonFormat,
  suricataEveFormat,
  modsecurityAuditJsonFormat,
  hayabusaJsonFormat,
  auditdFormat,
  cefFormat,
  leefFormat,
  idsFastFormat,
  fortigateFormat,
  netscalerFormat,
  sonicwallFormat,
  sophosFirewallFormat,
  panosFormat,
  pveFirewallFormat,
  awsCloudTrailFormat,
  kubernetesAuditFormat,
  oktaFormat,
  duoFormat,
  gitlabFormat,
  cowrieJsonFormat,
  journaldFormat,
  sentinelSyslogFormat,
  sentinelCefFormat,
  macosLogJsonFormat,
  utmpFormat,
  utmpdumpFormat,
  lastFormat,
  dpkgFormat,
  aptHistoryFormat,
  dnfRpmFormat,
  yumFormat,
  shellHistoryFormat,
  gcpAuditFormat,
  githubAuditFormat,
  azureFormat,
  m365Format,
  bitbucketAuditFormat,
  cloudflareFormat,
  awsWafFormat,
  gcpNetworkFormat,
  azureFlowFormat,
  awsGuardDutyFormat,
  awsRoute53ResolverFormat,
  splunkCsvFormat,
  splunkJsonFormat,
  wazuhFormat,
  chainsawFormat,
  shippedJsonFormat,
  shippedCsvFormat,
  fluentdFileFormat,
  sentinelCsvFormat,
  m365AuditCsvFormat,
  hayabusaFormat,
  entraCsvFormat,
  genericJsonFormat,
  csvFormat,
  kvFormat,
  plaintextFormat,
];

export const PLAINTEXT_ID = 'plaintext';

export function formatById(id: string): FormatDefinition | undefined {
  return FORMATS.find((format) => format.id === id);
}
