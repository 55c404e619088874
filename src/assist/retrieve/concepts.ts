/**
 * SOC vocabulary for the hashed embedder: words that name the same kind of activity share a concept
 * feature, so "authentication failures" lands near "Failed password" and "An account failed to log on"
 * although they share few characters. `words` match whole (lower-case) words and Windows event ids; `stems`
 * match the start of a word of at least their length. Changing this table changes the embedder's version.
 */

interface ConceptEntry {
  words?: readonly string[];
  stems?: readonly string[];
  /** Two adjacent words (`log on`), for phrases whose single words are too vague. */
  phrases?: readonly string[];
}

export const CONCEPTS: Readonly<Record<string, ConceptEntry>> = {
  authentication: {
    words: ['auth', 'login', 'logins', 'logon', 'logons', 'signin', 'pam', 'kerberos', 'ntlm', 'sshd', 'publickey', 'passwd', '4624', '4625', '4648', '4768', '4771', '4776'],
    stems: ['authenti', 'password', 'passphrase', 'credential', 'logon', 'login'],
    phrases: ['log on', 'logged on', 'log in', 'logged in', 'sign in', 'signed in'],
  },
  failure: {
    words: ['fail', 'failed', 'failure', 'failures', 'failing', 'invalid', 'bad', 'wrong', 'incorrect', 'error', 'errors', 'unsuccessful', 'unknown', '4625', '4771'],
    stems: ['denie', 'deny', 'refus', 'reject', 'exceed', 'unauthori', 'forbid'],
  },
  success: {
    words: ['accepted', 'success', 'successful', 'successfully', 'succeeded', 'granted', 'ok', 'opened', '4624'],
  },
  session: {
    words: ['session', 'sessions', 'logoff', 'logout', 'logged', 'disconnect', 'disconnected', 'closed', 'tty', 'pts', '4634', '4647'],
    phrases: ['logged off', 'log off', 'log out'],
  },
  privilege: {
    words: ['root', 'sudo', 'su', 'sudoers', 'admin', 'admins', 'wheel', 'superuser', 'elevated', 'elevation', 'escalation', '4672'],
    stems: ['administrator', 'privilege', 'escalat'],
  },
  account: {
    words: ['account', 'accounts', 'user', 'users', 'useradd', 'usermod', 'userdel', 'adduser', 'group', 'groups', 'groupadd', 'member', 'membership', 'chauthtok', '4720', '4722', '4724', '4726', '4728', '4732', '4738', '4756'],
  },
  creation: {
    words: ['new', 'add', 'added', 'create', 'created', 'creating', 'creation', 'install', 'installed', 'enabled', 'register', 'registered'],
  },
  network: {
    words: ['connection', 'connections', 'connect', 'connected', 'network', 'port', 'ports', 'tcp', 'udp', 'icmp', 'traffic', 'socket', 'conn', 'flow', 'packet', 'packets', 'src', 'dst', 'inbound', 'outbound', 'egress', 'ingress', 'beacon', 'beaconing'],
  },
  firewall: {
    words: ['firewall', 'ufw', 'iptables', 'nftables', 'pf', 'block', 'blocked', 'drop', 'dropped', 'deny', 'denied', 'reject', 'rejected', 'filtered'],
  },
  scanning: {
    words: ['nmap', 'masscan', 'zmap', 'sweep', 'recon', 'reconnaissance', 'enumeration', 'enumerate', 'nikto', 'gobuster', 'dirbuster', 'sqlmap', 'wpscan'],
    stems: ['scan', 'probe', 'probing'],
  },
  web: {
    words: ['http', 'https', 'get', 'post', 'put', 'head', 'request', 'requests', 'url', 'uri', 'web', 'nginx', 'apache', 'iis', 'website', 'useragent', 'referer', 'mozilla', 'php', 'wp'],
  },
  dns: {
    words: ['dns', 'query', 'queries', 'queried', 'domain', 'domains', 'resolve', 'resolved', 'resolution', 'lookup', 'nxdomain', 'noerror', 'qtype', 'fqdn'],
  },
  process: {
    words: ['process', 'processes', 'execution', 'execute', 'executed', 'exec', 'command', 'commands', 'commandline', 'cmd', 'spawn', 'spawned', 'launched', 'image', 'binary', 'executable', 'exe', '4688'],
  },
  scripting: {
    words: ['powershell', 'pwsh', 'script', 'scripts', 'scriptblock', 'encoded', 'encodedcommand', 'enc', 'iex', 'invoke', 'downloadstring', 'webclient', 'base64', 'obfuscated', 'wscript', 'cscript', 'mshta', 'bash', 'python', '4103', '4104'],
  },
  credentialAccess: {
    words: ['lsass', 'mimikatz', 'procdump', 'sekurlsa', 'hashdump', 'ntds', 'sam', 'dump', 'dumped', 'dumping', 'comsvcs', 'minidump', 'kerberoast', 'kerberoasting'],
  },
  lateralMovement: {
    words: ['psexec', 'psexesvc', 'smb', 'share', 'shares', 'remote', 'wmi', 'wmic', 'winrm', 'rdp', 'lateral', 'pivot', 'ipc', '5140', '5145'],
  },
  service: {
    words: ['service', 'services', 'daemon', 'systemd', 'systemctl', 'scheduled', 'schtasks', 'cron', 'crontab', 'persistence', 'autorun', 'startup', '4697', '7045', '4698'],
  },
  logTampering: {
    words: ['cleared', 'clear', 'wipe', 'wiped', 'wevtutil', 'tamper', 'tampering', 'audit', 'eventlog', '1102', '104'],
    phrases: ['log cleared', 'logs cleared', 'log deleted', 'logs deleted'],
  },
  file: {
    words: ['file', 'files', 'filename', 'targetfilename', 'write', 'written', 'download', 'downloaded', 'upload', 'uploaded', 'dropped', 'directory', 'folder', 'path'],
  },
};

export interface ConceptLookup {
  /** Concepts of one lower-case word. */
  ofWord(word: string): readonly string[];
  /** Concepts of two adjacent lower-case words. */
  ofPhrase(first: string, second: string): readonly string[];
}

const NONE: readonly string[] = [];

export function compileConcepts(table: Readonly<Record<string, ConceptEntry>> = CONCEPTS): ConceptLookup {
  const words = new Map<string, string[]>();
  const phrases = new Map<string, string[]>();
  const stems: { stem: string; concept: string }[] = [];
  const add = (map: Map<string, string[]>, key: string, concept: string) => {
    const list = map.get(key) ?? [];
    if (!list.includes(concept)) list.push(concept);
    map.set(key, list);
  };
  for (const [concept, entry] of Object.entries(table)) {
    for (const word of entry.words ?? []) add(words, word, concept);
    for (const phrase of entry.phrases ?? []) add(phrases, phrase, concept);
    for (const stem of entry.stems ?? []) stems.push({ stem, concept });
  }
  const cache = new Map<string, readonly string[]>();
  const ofWord = (word: string): readonly string[] => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const found = [...(words.get(word) ?? NONE)];
    for (const { stem, concept } of stems) if (word.startsWith(stem) && !found.includes(concept)) found.push(concept);
    const result = found.length === 0 ? NONE : found;
    if (cache.size < 50_000) cache.set(word, result);
    return result;
  };
  return { ofWord, ofPhrase: (first, second) => phrases.get(`${first} ${second}`) ?? NONE };
}
