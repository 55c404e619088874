import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webminFormat } from '../../src/ingest/formats/webmin.ts';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const { draft, parse, sample } = lineFormatHelpers(webminFormat);
const FAILED = '1690466804.2161960.0 [27/Jul/2023 16:06:44] admin - 192.0.2.100 global miniserv.pl "failed" "-" "wrongpass"';

void describe('Webmin actions log', () => {
  void it("reads the leading Unix time, not the bracketed local time without a zone", () => {
    const d = draft(FAILED);
    assert.equal(d.time, 1690466804);
    assert.equal(d.timeIsUtc, true);
  });

  void it('reads failed logins with their reason, an unknown user, logins and logouts', () => {
    const failed = draft(FAILED).fields;
    assert.deepEqual([failed.event?.action, failed.event?.outcome, failed.event?.reason, failed.user?.name, failed.source?.ip], ['login', 'failure', 'Invalid password', 'admin', '192.0.2.100']);
    const unknown = draft('1690466805.2161961.0 [27/Jul/2023 16:06:45] oracle - 192.0.2.100 global miniserv.pl "failed" "-" "wronguser"').fields;
    assert.equal(unknown.labels?.['auth.unknown_user'], 'true');
    const ok = draft('1690466900.2161990.0 [27/Jul/2023 16:08:20] admin 5d1c9b 192.0.2.100 global miniserv.pl "login" "-" "-"').fields;
    assert.deepEqual([ok.event?.action, ok.event?.outcome, ok.labels?.['webmin.session']], ['login', 'success', '5d1c9b']);
    const out = draft('1690466999.2161999.0 [27/Jul/2023 16:09:59] admin 5d1c9b 192.0.2.100 global miniserv.pl "logout" "-" "-"').fields;
    assert.deepEqual([out.event?.action, out.event?.type], ['logout', ['end']]);
  });

  void it("reads an action's parameters, url-decoded, and the older unquoted form", () => {
    const change = draft("1690467000.2162000.1 [27/Jul/2023 16:10:00] admin 5d1c9b 192.0.2.100 useradmin save_user.cgi \"create\" \"user\" \"svc\" uid='0' shell='%2Fbin%2Fsh' bad='%E0%A4%A'").fields;
    assert.deepEqual([change.event?.action, change.event?.category, change.message], ['create', ['configuration'], 'create user svc (module useradmin)']);
    assert.deepEqual([change.labels?.['webmin.param.uid'], change.labels?.['webmin.param.shell'], change.labels?.['webmin.param.bad']], ['0', '/bin/sh', '%E0%A4%A']);
    const old = draft('1090000000.1234.0 [16/Jul/2004 17:46:40] root - 10.0.0.9 webmin edit_mods.cgi _config_ - -').fields;
    assert.deepEqual([old.event?.action, old.message, old.user?.name], ['_config_', 'Changed module configuration (module webmin)', 'root']);
  });

  void it('is told from plain text by its content, and other lines are not Webmin lines', () => {
    assert.equal(detectFormat(sample([FAILED, FAILED.replace('16:06:44', '16:06:45')]), FORMATS, plaintextFormat).format.id, 'webmin');
    for (const line of ['', 'miniserv.pl "failed"', '1690466804 [27/Jul/2023 16:06:44] admin - 1.2.3.4 global miniserv.pl "failed" "-" "x"', FAILED.slice(0, 40)]) {
      assert.equal(parse(line).kind, 'error', line);
    }
  });

  void it('keeps hostile parameter names as own labels and caps their number', async () => {
    const hostile = HOSTILE_WORDS.map((w) => ` ${w}='x'`).join('');
    const [event] = await hostileEvents('webmin', `${FAILED}${hostile}${Array.from({ length: 500 }, (_, i) => ` p${i}='1'`).join('')}\n`, 1);
    for (const word of HOSTILE_WORDS) assertOwnField(event!.labels, `webmin.param.${word}`, 'x');
    const params = Object.keys(event!.labels ?? {}).filter((k) => k.startsWith('webmin.param.'));
    assert.equal(params.length, 64);
  });
});
