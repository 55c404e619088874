/**
 * What Windows writes in its display language where English Windows writes `Audit Success` and the labels of a
 * rendered Security message (`Account Name:`), for German, French, Spanish and Italian. Event Viewer's exports,
 * `Get-WinEvent | Export-Csv`, Splunk's WinEventLog text and agents that forward rendered keywords all carry these
 * words, so without them a German server's failed logons have no user, no client address and no outcome.
 * The German labels are those of Windows' own messages (4624, 4625, 4688); the others are the logon fields'
 * labels as SIEM parsers that read these languages match them. Each maps to the English label, lowercased, that
 * the readers of rendered messages know (windows-csv.ts).
 */

const AUDIT_WORDS: ReadonlyMap<string, 'success' | 'failure'> = new Map([
  ['audit success', 'success'],
  ['audit failure', 'failure'],
  ['audit_success', 'success'],
  ['audit_failure', 'failure'],
  ['überwachung erfolgreich', 'success'],
  ['überwachung gescheitert', 'failure'],
  ["succès de l'audit", 'success'],
  ["échec de l'audit", 'failure'],
  ['auditoría correcta', 'success'],
  ['error de auditoría', 'failure'],
  ['controllo riuscito', 'success'],
  ['controllo non riuscito', 'failure'],
]);

/** Typographic apostrophes as ASCII ones and runs of blanks as one space, lowercased: how both tables are keyed. */
function folded(text: string): string {
  return text.trim().toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
}

/** The outcome an audit keyword's display name says, in any language here; undefined for other text. */
export function auditKeywordOutcome(text: string): 'success' | 'failure' | undefined {
  return AUDIT_WORDS.get(folded(text));
}

const LABELS: Readonly<Record<string, string>> = {
  // German
  antragsteller: 'subject',
  'sicherheits-id': 'security id',
  kontoname: 'account name',
  kontodomäne: 'account domain',
  'anmelde-id': 'logon id',
  anmeldetyp: 'logon type',
  'neue anmeldung': 'new logon',
  'konto, für das die anmeldung fehlgeschlagen ist': 'account for which logon failed',
  'konto, für das die anmeldung fehlschlug': 'account for which logon failed',
  'konto, dessen anmeldeinformationen verwendet wurden': 'account whose credentials were used',
  fehlerursache: 'failure reason',
  unterstatus: 'sub status',
  'aufrufprozess-id': 'caller process id',
  aufrufprozessname: 'caller process name',
  arbeitsstationsname: 'workstation name',
  quellnetzwerkadresse: 'source network address',
  quellport: 'source port',
  quellarbeitsstation: 'source workstation',
  anmeldeprozess: 'logon process',
  authentifizierungspaket: 'authentication package',
  'paketname (nur ntlm)': 'package name (ntlm only)',
  schlüssellänge: 'key length',
  'prozess-id': 'process id',
  prozessname: 'process name',
  'id des neuen prozesses': 'new process id',
  'neuer prozessname': 'new process name',
  tokenerhöhungstyp: 'token elevation type',
  'erstellerprozess-id': 'creator process id',
  erstellerprozessname: 'creator process name',
  prozessbefehlszeile: 'process command line',
  anmeldekonto: 'logon account',
  zielservername: 'target server name',
  // French
  sujet: 'subject',
  'id de sécurité': 'security id',
  'nom du compte': 'account name',
  'domaine du compte': 'account domain',
  "id d'ouverture de session": 'logon id',
  "type d'ouverture de session": 'logon type',
  'nouvelle ouverture de session': 'new logon',
  "compte pour lequel l'ouverture de session a échoué": 'account for which logon failed',
  "compte dont les informations d'identification ont été utilisées": 'account whose credentials were used',
  'adresse du réseau source': 'source network address',
  'nom du processus': 'process name',
  'sous-état': 'sub status',
  'nom de la station de travail': 'workstation name',
  'station de travail source': 'source workstation',
  "compte d'ouverture de session": 'logon account',
  'nom du serveur cible': 'target server name',
  // Spanish
  firmante: 'subject',
  'id. de seguridad': 'security id',
  'nombre de cuenta': 'account name',
  'dominio de cuenta': 'account domain',
  'id. de inicio de sesión': 'logon id',
  'tipo de inicio de sesión': 'logon type',
  'nuevo inicio de sesión': 'new logon',
  'cuenta con error de inicio de sesión': 'account for which logon failed',
  'cuenta cuyas credenciales se usaron': 'account whose credentials were used',
  'dirección de red de origen': 'source network address',
  'nombre de proceso': 'process name',
  subestado: 'sub status',
  'nombre de estación de trabajo': 'workstation name',
  'estación de trabajo de origen': 'source workstation',
  'cuenta de inicio de sesión': 'logon account',
  'nombre de servidor de destino': 'target server name',
  // Italian
  soggetto: 'subject',
  'id di sicurezza': 'security id',
  'nome account': 'account name',
  'dominio account': 'account domain',
  'id accesso': 'logon id',
  'tipo di accesso': 'logon type',
  'nuovo accesso': 'new logon',
  "account per cui l'accesso non è riuscito": 'account for which logon failed',
  'account le cui credenziali sono state usate': 'account whose credentials were used',
  'indirizzo di rete di origine': 'source network address',
  'nome processo': 'process name',
  'nome del processo': 'process name',
  sottostato: 'sub status',
  'nome workstation': 'workstation name',
  'nome stazione di lavoro': 'workstation name',
  'workstation di origine': 'source workstation',
  'account di accesso': 'logon account',
  'nome del server di destinazione': 'target server name',
};

/** A rendered message's label (a section or a field) as English Windows writes it, lowercased. */
export function englishLabel(label: string): string {
  const key = folded(label);
  return Object.hasOwn(LABELS, key) ? LABELS[key]! : key;
}
