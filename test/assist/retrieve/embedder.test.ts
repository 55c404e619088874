import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbeddingError, normalize, providerEmbedder } from '../../../src/assist/retrieve/embedder.ts';
import { HashedEmbedder, builtInEmbedder, hashedEmbedder } from '../../../src/assist/retrieve/hashed-embedder.ts';
import { maskEntity, maskText, tokenize } from '../../../src/assist/retrieve/mask.ts';
import { templateText } from '../../../src/assist/retrieve/templates.ts';

/** The built-in hashed n-gram embedder, the masking under it, and the adapter for providers' embeddings. */

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const embed = (text: string) => hashedEmbedder().embedOne(text);

describe('masking variable parts', () => {
  it('replaces addresses, ids and numbers and keeps words, including words with a digit', () => {
    assert.equal(maskText('Failed password for root from 203.0.113.45 port 59001 ssh2'), 'Failed password for root from <ip> port <num> ssh2');
    assert.equal(maskText('MAC=52:54:00:3a:1f:05:00:1c:73:00:00:99:08:00 TOS=0x00 uid C2PUlmPrWjbyuMWhQp'), 'MAC=<mac> TOS=<id> uid <id>');
    assert.equal(maskText('guid {d3473ad5-72be-756e-6191-00000c90d9e0} at 2026-11-20 00:06:42.848'), 'guid {<uuid>} at <num> <num>');
    assert.equal(maskText('from fe80::1ff:fe23:4567:890a and ::ffff:140.82.121.4 and 2001:db8::1'), 'from <ip> and <ip> and <ip>');
    assert.equal(maskText('sha256 x64 host WS-ENG-21.corp.example.com'), 'sha256 x64 host WS-ENG-<num>.corp.example.com');
  });

  it('takes random-looking letters (Zeek uids) for ids, and camelCase names for words', () => {
    assert.equal(maskText('uid CnMUFwHUtrLjQuCaZg and ClqVcNhAieLxuPjaOv'), 'uid <id> and <id>');
    const names = 'CreateRemoteThread SourceProcessGUID NTLMSSPNegotiate GetSystemTimeAsFileTime LocalServiceNetworkRestricted NTAUTHORITYSYSTEM';
    assert.equal(maskText(names), names);
  });

  it('does not take a time of day for an IPv6 address, nor C++ scope for one', () => {
    assert.equal(maskText('at 10:00:01 std::string'), 'at <num> std::string');
  });

  it('masks ISO 8601 date-times whole, so records that differ only in their time are one template', () => {
    assert.equal(maskText('"SystemTime":"2026-11-20T00:00:25.046000Z" at 2026-03-01T10:00:00Z and 2026-03-01t10:00'), '"SystemTime":"<num>" at <num> and <num>');
    const record = (time: string, id: number) => `{"Event":{"System":{"EventID":4688,"TimeCreated":{"#attributes":{"SystemTime":"${time}"}},"EventRecordID":${String(id)}},"EventData":{"NewProcessName":"C:\\Windows\\System32\\cmd.exe"}}}`;
    const source = { dataset: 'windows.security', action: 'process-start', outcome: null, code: '4688', user: null, host: null };
    assert.equal(templateText({ ...source, text: record('2026-11-20T00:00:25.046000Z', 1) }), templateText({ ...source, text: record('2026-11-21T13:07:59.987123Z', 2) }));
  });

  it('collapses whitespace runs and trims the ends', () => {
    assert.equal(maskText('  a\n\tb   c  '), 'a b c');
    assert.equal(maskText('one two'), 'one two');
  });

  it('masks an event’s own user and host names as whole names only', () => {
    assert.equal(maskEntity('user=root for root. /root/x rooted groot', 'root', '<user>'), 'user=<user> for <user>. /<user>/x rooted groot');
    assert.equal(maskEntity('CORP\\j.smith and smith', 'smith', '<user>'), 'CORP\\j.smith and <user>');
    assert.equal(maskEntity('a b', 'a', '<user>'), 'a b', 'one-letter names stay');
    const source = { dataset: 'sshd', action: 'ssh-invalid-user', outcome: 'failure', code: null, host: 'bastion-01' };
    const a = templateText({ ...source, user: 'test9', text: 'Invalid user test9 from 1.2.3.4 on bastion-01' });
    assert.equal(a, 'sshd ssh-invalid-user failure: Invalid user <user> from <ip> on <host>');
    assert.equal(templateText({ ...source, user: 'oracle', text: 'Invalid user oracle from 5.6.7.8 on bastion-01' }), a);
  });

  it('reads its own placeholders back as the same kinds', () => {
    const kinds = tokenize(maskText('from 1.2.3.4 port 22 id 9f86d081884c7d65')).map((t) => t.kind);
    assert.deepEqual(kinds, ['word', 'ip', 'word', 'num', 'word', 'id']);
  });
});

describe('hashed n-gram embedder', () => {
  it('is deterministic: the same text gives the same unit vector in every instance', () => {
    const text = 'Accepted publickey for deploy from 10.0.0.8 port 50122 ssh2';
    const a = new HashedEmbedder().embedOne(text);
    const b = new HashedEmbedder().embedOne(text);
    assert.deepEqual(a, b);
    assert.equal(a.length, 512);
    assert.ok(Math.abs(cosine(a, a) - 1) < 1e-5);
  });

  it('names its version and width in its id, and finds itself from that id', () => {
    assert.equal(hashedEmbedder().id, 'hashed-ngram-v1:512');
    assert.equal(new HashedEmbedder(256).id, 'hashed-ngram-v1:256');
    assert.equal(builtInEmbedder('hashed-ngram-v1:256')?.dimensions, 256);
    assert.equal(builtInEmbedder('hashed-ngram-v0:512'), undefined);
    assert.equal(builtInEmbedder('provider:ollama:nomic-embed-text'), undefined);
    assert.throws(() => new HashedEmbedder(3), RangeError);
  });

  it('puts lines that differ only in addresses, ports and ids next to each other', () => {
    const a = embed('Failed password for root from 1.2.3.4 port 22 ssh2');
    assert.ok(cosine(a, embed('Failed password for root from 5.6.7.8 port 4711 ssh2')) > 0.98);
    assert.ok(cosine(embed('session 9f86d081884c7d65 opened'), embed('session 2c26b46b68ffc68f opened')) > 0.999);
    assert.ok(cosine(a, embed('Failed password for admin from 1.2.3.4 port 22 ssh2')) < cosine(a, embed('Failed password for root from 5.6.7.8 port 4711 ssh2')));
    assert.ok(cosine(a, embed('GET /index.html HTTP/1.1 200 512')) < 0.2);
  });

  it('brings a question near the log lines it means, though they share few words', () => {
    const question = embed('authentication failures for root');
    const failed = cosine(question, embed('sshd ssh-login failure: Failed password for root from <ip> port <num> ssh2'));
    assert.ok(failed > cosine(question, embed('sshd ssh-login success: Accepted publickey for deploy from <ip> port <num> ssh2')));
    assert.ok(failed > cosine(question, embed('cron session-opened success: pam_unix(cron:session): session opened for user www-data')));
    assert.ok(failed > 0.3, `similarity ${failed}`);
    const cleared = embed('who cleared the logs');
    const candidates = [
      'windows.security log-cleared success 1102: The audit log was cleared.',
      'windows.security logon success 4624: An account was successfully logged on.',
      'ufw firewall-drop failure: [UFW BLOCK] IN=eth0 SRC=<ip> DST=<ip> PROTO=TCP',
    ].map((text) => cosine(cleared, embed(text)));
    assert.equal(candidates.indexOf(Math.max(...candidates)), 0);
  });

  it('splits camelCase words (Windows field names) into their parts', () => {
    assert.ok(cosine(embed('TargetUserName'), embed('target user name')) > 0.99);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(hashedEmbedder().embed(['x'], controller.signal), /stop/);
  });
});

describe('provider embeddings adapter', () => {
  const source = (vectors: (texts: readonly string[]) => Float32Array[]) => ({
    id: 'ollama',
    embed: (texts: readonly string[]) => Promise.resolve(vectors(texts)),
  });

  it('is absent for a provider without embeddings', () => {
    assert.equal(providerEmbedder({ id: 'anthropic' }, 'claude'), undefined);
  });

  it('learns the width from the first answer, names the model, and returns unit vectors', async () => {
    const embedder = providerEmbedder(source((texts) => texts.map((t) => Float32Array.from([t.length, 3, 4]))), 'nomic-embed-text')!;
    assert.equal(embedder.id, 'provider:ollama:nomic-embed-text');
    assert.equal(embedder.dimensions, undefined);
    const [vector] = await embedder.embed(['abcd']);
    assert.equal(embedder.dimensions, 3);
    assert.ok(Math.abs(cosine(vector!, vector!) - 1) < 1e-6);
    assert.deepEqual(await embedder.embed([]), []);
  });

  it('rejects answers of the wrong count, width or values', async () => {
    let width = 4;
    const embedder = providerEmbedder(source((texts) => texts.map(() => new Float32Array(width).fill(1))), 'm')!;
    await embedder.embed(['a']);
    width = 5;
    await assert.rejects(embedder.embed(['a']), EmbeddingError);
    const short = providerEmbedder(source(() => []), 'm')!;
    await assert.rejects(short.embed(['a', 'b']), /returned 0 vectors for 2 texts/);
    const nan = providerEmbedder(source((texts) => texts.map(() => Float32Array.from([NaN, 1]))), 'm')!;
    await assert.rejects(nan.embed(['a']), /non-finite/);
  });

  it('normalize leaves a zero vector alone', () => {
    assert.deepEqual(normalize(new Float32Array(3)), new Float32Array(3));
  });
});
