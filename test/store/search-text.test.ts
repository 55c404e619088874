import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore, searchEvents, type Store } from '../../src/store/index.ts';
import { CEF_RECORD_FORMATS, JSON_RECORD_FORMATS, SEARCH_TEXT_VERSION, URL_JSON_RECORD_FORMATS, WEB_RECORD_FORMATS, ZEEK_TSV_FORMATS, decodeJsonEscapes, decodeUrlEscapes, reindexedSql, searchTextSql } from '../../src/store/search-text.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { keySql } from '../../src/store/text-keys.ts';
import { rewindStore } from '../helpers/old-store.ts';
import { pickFrom, prng } from '../helpers/random-text.ts';
import { tempDirs } from '../helpers/temp.ts';
import { decodeCefEscapes } from '../../src/util/cef-escapes.ts';

const temp = tempDirs('search-text');

const PIECES = ['a', 'Z', '9', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', 'é', '😀', '\ud800', '\udfff', 'u0026', '\\n', 'n'];

/** Random text made of characters that JSON escapes, backslashes and escape look-alikes among others. */
function randomText(seed: number, length: number): string {
  const random = prng(seed);
  let out = '';
  while (out.length < length) out += pickFrom(random, PIECES);
  return out;
}

describe('decoding JSON string escapes for the full-text index', () => {
  it('decodes every JSON escape, surrogate pairs included, and leaves text without escapes as it is', () => {
    assert.equal(decodeJsonEscapes(String.raw`a\nb\r\nc\td\"e\\f\/g\bh\fi`), 'a\nb\r\nc\td"e\\f/g\bh\fi');
    assert.equal(decodeJsonEscapes(String.raw`whoami\u0026\u0026net caf\u00e9 \ud83d\ude00`), 'whoami&&net café 😀');
    // An escaped backslash before `n` is a backslash and an `n`, not a newline.
    assert.equal(decodeJsonEscapes(String.raw`C:\\new`), String.raw`C:\new`);
    const plain = 'nothing to decode here';
    assert.equal(decodeJsonEscapes(plain), plain);
  });

  it('keeps what starts no valid escape, and never throws', () => {
    assert.equal(decodeJsonEscapes(String.raw`\x41 \u12 \u12G4 \q end\ `), String.raw`\x41 \u12 \u12G4 \q end\ `);
    assert.equal(decodeJsonEscapes('\\'), '\\');
    for (let seed = 1; seed <= 300; seed++) assert.equal(typeof decodeJsonEscapes(randomText(seed, 200)), 'string');
  });

  it('gives back any string from its JSON text', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const text = randomText(seed, 120);
      assert.equal(decodeJsonEscapes(JSON.stringify(text)), `"${text}"`, `seed ${seed}`);
    }
  });

  it('knows every format whose records are JSON values', () => {
    // A wrapper's events are those of the formats that read what it wraps; its own keep the wrapped text (a Splunk
    // export's _raw) or the whole record (a shipped document no format reads).
    const ownJson = new Set(['shipped-json', 'wazuh', 'chainsaw']);
    assert.deepEqual([...JSON_RECORD_FORMATS].sort(), FORMATS.filter((f) => f.framing === 'json' && (f.envelope === undefined || ownJson.has(f.id))).map((f) => f.id).sort());
    assert.ok(URL_JSON_RECORD_FORMATS.every((id) => JSON_RECORD_FORMATS.includes(id)));
    const lastTextMigration = Math.max(...MIGRATIONS.filter((m) => m.name.startsWith('full-text index:')).map((m) => m.version));
    assert.equal(SEARCH_TEXT_VERSION, lastTextMigration, 'the last change of the decodings has its migration');
  });
});

describe('decoding CEF escapes', () => {
  it('decodes left to right as the CEF reader does, and leaves other backslashes', () => {
    assert.equal(decodeCefEscapes('a\\nb C:\\\\new x\\=1 y\\|2 \\q \\'), 'a\nb C:\\new x=1 y|2 \\q \\');
    assert.equal(decodeCefEscapes('no escapes'), 'no escapes');
    assert.ok([...CEF_RECORD_FORMATS, ...WEB_RECORD_FORMATS, ...ZEEK_TSV_FORMATS].every((id) => FORMATS.some((f) => f.id === id)));
  });
});

describe('decoding URL escapes', () => {
  it('decodes percent and nginx byte escapes as UTF-8, double and triple encoding included', () => {
    assert.equal(decodeUrlEscapes('/dl.php?file=..%2F..%2Fetc%2Fpasswd'), '/dl.php?file=../../etc/passwd');
    assert.equal(decodeUrlEscapes('id=1%27%20UNION%20SELECT'), "id=1' UNION SELECT");
    assert.equal(decodeUrlEscapes('..%252F..%25252Fetc'), '../../etc');
    assert.equal(decodeUrlEscapes(String.raw`q=\x22xss\x22 caf%C3%A9 \xC3\xA9`), 'q="xss" café é');
  });

  it('decodes as the regex it replaced (the oracle) on random text full of escapes and look-alikes', () => {
    const oracle = (text: string) => {
      let out = text;
      for (let pass = 0; pass < 3; pass++) {
        const next = out.replace(/(?:%[0-9A-Fa-f]{2}|\\x[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%|\\x/g, ''), 'hex').toString('utf8'));
        if (next === out) break;
        out = next;
      }
      return out;
    };
    const pieces = ['%', '%2', '%25', '%2F', '%2f', '%C3', '%A9', '%E2%82', '%AC', '%zz', '\\', '\\x', '\\x2', '\\x22', '\\xC3', 'a', 'Z', '9', 'F', ' ', '/', 'é'];
    for (let seed = 1; seed <= 2000; seed++) {
      const random = prng(seed);
      let text = '';
      while (text.length < 60) text += pickFrom(random, pieces);
      assert.equal(decodeUrlEscapes(text), oracle(text), JSON.stringify(text));
    }
  });

  it('for JSON records, decodes only runs that make text, and leaves a path\'s byte escapes to generic JSON', () => {
    const strict = { byteEscapes: true, keepUndecodable: true };
    const percentOnly = { byteEscapes: false, keepUndecodable: true };
    assert.equal(decodeUrlEscapes('a%20b %DATE% %%1833 %C0%AE %E2%82%AC %0D%0Ax %00 %7F', strict), 'a b %DATE% %%1833 %C0%AE € \r\nx %00 %7F');
    assert.equal(decodeUrlEscapes('..%252F..%252Fetc', strict), '../../etc');
    assert.equal(decodeUrlEscapes(String.raw`C:\App\x64\t.exe q=%22a%22`, percentOnly), String.raw`C:\App\x64\t.exe q="a"`);
    assert.equal(decodeUrlEscapes(String.raw`curl\x09probe`, strict), 'curl\tprobe');
    // Where the lenient decoding gives text, the strict one gives the same.
    const pieces = ['%', '%2F', '%41', '%C3', '%A9', '%E2%82', '%AC', '%0A', '%01', '\\x22', '\\xC3', 'a', ' ', 'é'];
    for (let seed = 1; seed <= 1000; seed++) {
      const random = prng(seed);
      let text = '';
      while (text.length < 40) text += pickFrom(random, pieces);
      const lenient = decodeUrlEscapes(text);
      const kept = decodeUrlEscapes(text, strict);
      if (!/[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(lenient) && !text.includes('%25')) assert.equal(kept, lenient, JSON.stringify(text));
    }
  });

  it('keeps what is no escape, replaces invalid UTF-8, and never throws', () => {
    assert.equal(decodeUrlEscapes('100% sure %zz %4'), '100% sure %zz %4');
    assert.equal(decodeUrlEscapes('a%C3b'), 'a\ufffdb');
    for (let seed = 1; seed <= 300; seed++) assert.equal(typeof decodeUrlEscapes(randomText(seed, 200).replaceAll('u0026', '%2F%C3')), 'string');
  });
});

/** JSON logs whose words touch escapes, a plain-text line with a Windows path, and an event too old for the time keys. */
function writeLogs(dir: string): string[] {
  const json = join(dir, 'app.jsonl');
  writeFileSync(json, [
    String.raw`{"@timestamp":"2026-03-01T10:00:00Z","host":"ws-1","message":"Process Create:\r\nRuleName: -\r\nCommandLine: powershell -enc SQBFAFgA","script":"$a = 1\nInvoke-Mimikatz -DumpCreds","cmd":"whoami\u0026\u0026net user","note":"caf\u00e9 \ud83d\ude00 \"quoted\"","path":"C:\\new\\tools\\psexec.exe"}`,
    String.raw`{"@timestamp":"2026-03-01T10:00:01Z","host":"ws-2","message":"plain message, no escapes","user":"alice"}`,
    String.raw`{"@timestamp":"1850-01-01T00:00:00Z","host":"ws-3","message":"old\tentry","detail":"line1\nMimikatzOld"}`,
    String.raw`{"@timestamp":"2026-03-01T10:00:05Z","host":"web-1","url":"/login?user=admin%27%20OR%201%3D1--&next=%2Fadminpanel%2Fusers","path":"C:\\Program Files\\App\\x64\\tool.exe","note":"%DATE% %%1833 100% %C0%AEdot"}`,
  ].join('\n') + '\n');
  const zeekJson = join(dir, 'http.json');
  writeFileSync(zeekJson, String.raw`{"ts":1772359206.0,"uid":"CzkJson1","id.orig_h":"203.0.113.10","id.orig_p":40200,"id.resp_h":"10.0.0.8","id.resp_p":80,"method":"GET","host":"intranet","uri":"/search?q=%3Cscript%3Ealertprobe(1)%3C%2Fscript%3E&f=..%2F..%2Fetc%2Fshadow","user_agent":"curl/8.0\\x09zgrabjson","status_code":200}` + '\n');
  const text = join(dir, 'notes.log');
  writeFileSync(text, String.raw`operator copied C:\new\tools\psexec.exe to the share` + '\n');
  const cef = join(dir, 'edr.cef');
  writeFileSync(cef, String.raw`Mar  1 10:00:02 fw01 CEF:0|Acme|EDR|1.0|100|Suspicious command|7|src=203.0.113.5 suser=bob cs1Label=cmd cs1=powershell -nop\nSharpHound -c all msg=first line\nsecond\=part filePath=C:\\new\\cefdir\\x.exe` + '\n');
  const web = join(dir, 'access.log');
  writeFileSync(web, [
    '203.0.113.7 - - [01/Mar/2026:10:00:03 +0000] "GET /dl.php?file=..%2F..%2Fetc%2Fpasswd HTTP/1.1" 200 512 "-" "sqlmap/1.7"',
    String.raw`203.0.113.7 - - [01/Mar/2026:10:00:04 +0000] "GET /item.php?id=1%27%20UNION%20SELECT%20login%20FROM%20accounts&q=\x22xssprobe\x22 HTTP/1.1" 200 99 "-" "sqlmap/1.7"`,
  ].join('\n') + '\n');
  const zeek = join(dir, 'http.log');
  writeFileSync(zeek, [
    String.raw`#separator \x09`, '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\thttp', '#open\t2026-03-01-10-00-00',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tuser_agent\tstatus_code',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\tcount',
    ['1772359205.000000', 'CzkTest1', '203.0.113.9', '40100', '10.0.0.8', '80', 'GET', 'intranet', '/cgi-bin/..%2F..%2Fwinnt%2Fsystem32%2Fcmd.exe', String.raw`curl/8.0\x09zgrab`, '200'].join('\t'),
  ].join('\n') + '\n');
  return [json, text, cef, web, zeek, zeekJson];
}

async function storeWith(dir: string): Promise<Store> {
  const store = openStore(join(dir, 'v.db'));
  await ingest(store, writeLogs(dir), { tz: 'UTC', actor: 'test', threads: false });
  return store;
}

const hits = (store: Store, text: string) => searchEvents(store.db, { text, limit: 10 }).total;

/** Every indexed term with the row and column it is in, in both indexes: equal lists mean equal indexes. */
function postings(store: Store): unknown {
  store.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.main_terms USING fts5vocab('main', 'events_fts', 'instance');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.extra_terms USING fts5vocab('main', 'events_fts_extra', 'instance');`);
  return {
    main: store.db.prepare('SELECT term, CAST(doc AS TEXT) AS doc, col, offset FROM temp.main_terms ORDER BY 1, 2, 3, 4').all(),
    extra: store.db.prepare('SELECT term, doc, col, offset FROM temp.extra_terms ORDER BY 1, 2, 3, 4').all(),
  };
}

describe('full-text search over JSON, CEF, web access and Zeek TSV records', () => {
  it('finds words that touch a string escape in the record, and the index holds no escape-made words', async () => {
    const store = await storeWith(temp.fresh());
    try {
      assert.equal(hits(store, 'Invoke-Mimikatz'), 1);
      assert.equal(hits(store, 'net user'), 1);
      assert.equal(hits(store, 'café'), 1);
      assert.equal(hits(store, 'quoted'), 1);
      assert.equal(hits(store, 'RuleName'), 1);
      assert.equal(hits(store, 'MimikatzOld'), 1, 'the event outside the time keys, in the extra index');
      for (const junk of ['nInvoke', 'u0026net', 'caf', 'nMimikatzOld', 'tentry']) assert.equal(hits(store, junk), 0, junk);
      assert.ok((store.db.prepare('SELECT count(*) FROM events_fts_extra_docsize').pluck().get() as number) > 0);
      // The path's words, in the JSON record and in the plain-text line (whose backslashes are not escapes).
      assert.equal(hits(store, 'new tools'), 2);
      assert.equal(hits(store, 'ew'), 0);
      // CEF: `\n` is a line break, `\\` a backslash.
      assert.equal(hits(store, 'SharpHound'), 1);
      assert.equal(hits(store, 'nSharpHound'), 0);
      assert.equal(hits(store, 'new cefdir'), 1);
      assert.equal(hits(store, 'second'), 1);
      // Web access: URL encoding and nginx's \x escapes decoded.
      for (const words of ['etc/passwd', 'UNION SELECT', 'accounts', 'xssprobe']) assert.equal(hits(store, words), 1, words);
      for (const junk of ['2Fetc', '20UNION', 'x22xssprobe']) assert.equal(hits(store, junk), 0, junk);
      // Zeek TSV: the same in http.log's URIs, and its \x bytes.
      for (const words of ['winnt/system32', 'zgrab']) assert.equal(hits(store, words), 1, words);
      for (const junk of ['2Fwinnt', 'x09zgrab']) assert.equal(hits(store, junk), 0, junk);
      // Generic and Zeek JSON: URL encoding after the JSON escapes, where it decodes to text.
      for (const words of ['adminpanel/users', 'OR 1=1', 'script alertprobe', 'etc/shadow', 'zgrabjson']) assert.equal(hits(store, words), 1, words);
      for (const junk of ['2Fadminpanel', '20OR', '3Cscript', '2Fetc', 'x09zgrabjson']) assert.equal(hits(store, junk), 0, junk);
      // What is no URL encoding there stays: a path's \x64\, %DATE%, Windows' %%1833, an overlong (invalid) sequence.
      for (const words of ['x64', 'DATE', '1833', 'C0 AEdot']) assert.equal(hits(store, words), 1, words);
    } finally {
      store.close();
    }
  });

  it('indexes a JSON message apart only when the decoded record does not already hold it', async () => {
    const store = await storeWith(temp.fresh());
    try {
      store.db.exec("CREATE VIRTUAL TABLE temp.columns USING fts5vocab('main', 'events_fts', 'col')");
      const messageTerms = store.db.prepare("SELECT count(*) FROM temp.columns WHERE col = 'message'").pluck().get();
      assert.equal(messageTerms, 0);
      const texts = store.db.prepare(`SELECT ${searchTextSql('e')} FROM events e ORDER BY e.rowid`).raw().all() as [string | null, string][];
      assert.ok(texts[0]![1].includes('Process Create:\r\nRuleName'), texts[0]![1]);
    } finally {
      store.close();
    }
  });

  it("decodes the escapes of the journal's entries, Squid's and Nginx Proxy Manager's URLs and EvtxECmd's payloads", async () => {
    const dir = temp.fresh();
    const journal = join(dir, 'journal.json');
    writeFileSync(journal, JSON.stringify({ __REALTIME_TIMESTAMP: '1772359200000000', _HOSTNAME: 'web01', SYSLOG_IDENTIFIER: 'api', _TRANSPORT: 'stdout', MESSAGE: 'job done\nJournalMimikatz --dump' }) + '\n');
    const squid = join(dir, 'squid.log');
    writeFileSync(squid, '1772359201.000     12 10.0.0.5 TCP_MISS/200 512 GET http://example.com/dl.php?f=..%2F..%2Fsquidpasswd - HIER_DIRECT/93.184.216.34 text/html\n');
    const npm = join(dir, 'proxy-host-1_access.log');
    writeFileSync(npm, String.raw`[01/Mar/2026:10:00:03 +0000] - 200 200 - GET https app.example.org "/q?x=%3Cnpmprobe%3E\x22" [Client 203.0.113.7] [Length 1] [Gzip -] [Sent-to 10.0.0.2] "curl/8.0" "-"` + '\n');
    const kape = join(dir, 'evtxecmd.csv');
    const payload = JSON.stringify({ EventData: { Data: [{ '@Name': 'ScriptBlockText', '#text': '$a = 1\nKapeMimikatz -x' }] } }).replace(/"/g, '""');
    writeFileSync(kape, `RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload\r\n1,1,2026-03-01 10:00:04.0000000,4104,Verbose,Microsoft-Windows-PowerShell,Microsoft-Windows-PowerShell/Operational,1,1,ws1,0,,x,,,,,,,,,,False,x.evtx,None,0,"${payload}"\r\n`);
    const store = openStore(join(dir, 'v.db'));
    try {
      const run = await ingest(store, [journal, squid, npm, kape], { tz: 'UTC', actor: 'test', threads: false });
      assert.deepEqual(run.files.map((f) => f.format), ['journald', 'squid', 'npm-access', 'evtxecmd']);
      for (const words of ['JournalMimikatz', 'squidpasswd', 'npmprobe', 'KapeMimikatz']) assert.equal(hits(store, words), 1, words);
      for (const junk of ['nJournalMimikatz', '2Fsquidpasswd', '3Cnpmprobe', 'nKapeMimikatz']) assert.equal(hits(store, junk), 0, junk);
    } finally {
      store.close();
    }
  });

  const decodedFormats = [...JSON_RECORD_FORMATS, ...CEF_RECORD_FORMATS, ...WEB_RECORD_FORMATS, ...ZEEK_TSV_FORMATS];
  const cases = [
    [9, 'nInvoke'],
    [11, 'nSharpHound'],
    [12, '20UNION'],
    [13, '2Fwinnt'],
    [14, '2Fadminpanel'],
  ] as const;
  for (const [version, old] of cases) {
    it(`migrations from version ${version} index the records of an older store again, as a new ingest indexes them`, async () => {
      const fresh = await storeWith(temp.fresh());
      const dir = temp.fresh();
      const store = await storeWith(dir);
      try {
        // Back to what the writer indexed at that version: each record whose text differs, deleted with today's and added with that version's.
        const reindexed = `SELECT e.rowid AS r, ${keySql('e')} AS key, EXISTS (SELECT 1 FROM events_fts_extra_docsize x WHERE x.id = e.rowid) AS extra FROM events e WHERE ${reindexedSql('e', decodedFormats, version, SEARCH_TEXT_VERSION)}`;
        store.db.exec(`CREATE TEMP TABLE back AS ${reindexed};
          INSERT INTO events_fts (events_fts, rowid, message, original) SELECT 'delete', b.key, ${searchTextSql('e')} FROM temp.back b JOIN events e ON e.rowid = b.r WHERE NOT b.extra;
          INSERT INTO events_fts (rowid, message, original) SELECT b.key, ${searchTextSql('e', version)} FROM temp.back b JOIN events e ON e.rowid = b.r WHERE NOT b.extra;
          INSERT INTO events_fts_extra (events_fts_extra, rowid, message, original) SELECT 'delete', e.rowid, ${searchTextSql('e')} FROM temp.back b JOIN events e ON e.rowid = b.r WHERE b.extra;
          INSERT INTO events_fts_extra (rowid, message, original) SELECT e.rowid, ${searchTextSql('e', version)} FROM temp.back b JOIN events e ON e.rowid = b.r WHERE b.extra;`);
        rewindStore(store.db, version);
        assert.equal(hits(store, old), 1, 'the old index');
        if (version < 12) assert.equal(hits(store, 'nSharpHound'), 1, 'CEF records as written');
        if (version < 13) assert.equal(hits(store, '2Fpasswd'), 1, 'web records as written');
        if (version < 14) assert.equal(hits(store, '2Fwinnt'), 1, 'Zeek records as written');
        assert.equal(hits(store, '2Fadminpanel'), 1, 'URL encoding in JSON records as written');
        assert.equal(hits(store, 'x09zgrabjson'), 1, 'Zeek JSON bytes as written');
        if (version === 9) assert.equal(hits(store, 'nMimikatzOld'), 1, 'the old extra index');
        assert.notDeepEqual(postings(store), postings(fresh));
      } finally {
        store.close();
      }
      const migrated = openStore(join(dir, 'v.db'));
      try {
        assert.equal(migrated.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
        assert.deepEqual(postings(migrated), postings(fresh));
        for (const word of ['Invoke-Mimikatz', 'SharpHound', 'MimikatzOld', 'etc/passwd', 'UNION SELECT', 'winnt/system32', 'adminpanel/users', 'zgrabjson']) assert.equal(hits(migrated, word), 1, word);
        for (const word of ['nInvoke', 'nSharpHound', '2Fetc', '20UNION', '2Fwinnt', '2Fadminpanel', 'x09zgrabjson']) assert.equal(hits(migrated, word), 0, word);
        migrated.db.exec("INSERT INTO events_fts (events_fts) VALUES ('integrity-check'); INSERT INTO events_fts_extra (events_fts_extra) VALUES ('integrity-check')");
      } finally {
        migrated.close();
        fresh.close();
      }
    });
  }
});
