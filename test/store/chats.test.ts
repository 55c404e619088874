import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Answer } from '../../src/schema/assist.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';

const temp = tempDirs('chats');

function answer(text: string, revision = 'e0.a0'): Answer {
  return {
    question: 'q',
    mode: 'advanced',
    intent: 'threats',
    answer: text,
    facts: [],
    citations: [],
    flagged: [],
    provider: 'none',
    model: null,
    fallback: null,
    cached: false,
    revision,
    elapsed_ms: 1,
  };
}

describe('chat sessions', () => {
  it('persist questions and full answers across store openings, in order', () => {
    const path = join(temp.fresh(), 'vigil.db');
    let times = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1, 0, 0, times++));
    const store = openStore(path, { clock });
    const session = store.chats.create('cli:alice', '  Show all   suspicious IP addresses\nand their activities ');
    assert.equal(session.title, 'Show all suspicious IP addresses and their activities');
    store.chats.appendExchange(session.id, 'first?', answer('one'));
    store.chats.appendExchange(session.id, 'second?', answer('two', 'e5.a1'));
    store.close();

    const again = openStore(path, { readonly: true });
    const found = again.chats.session(session.id.slice(0, 6));
    assert.equal(found?.id, session.id);
    assert.equal(found?.messages, 4);
    const messages = again.chats.messages(session.id);
    assert.deepEqual(messages.map((m) => [m.role, m.content]), [['user', 'first?'], ['assistant', 'one'], ['user', 'second?'], ['assistant', 'two']]);
    assert.equal(messages[3]?.answer?.revision, 'e5.a1');
    assert.equal(messages[0]?.answer, undefined);
    assert.equal(again.chats.list()[0]?.id, session.id);
    again.close();
  });

  it('finds sessions only by a hex prefix, and refuses an ambiguous one', () => {
    const store = openStore(join(temp.fresh(), 'vigil.db'));
    const insert = store.db.prepare("INSERT INTO chat_sessions (id, created_at, updated_at, actor, title) VALUES (?, '2026', '2026', 'a', 't')");
    insert.run('abcd00000001');
    insert.run('abcd00000002');
    insert.run('abce00000003');
    assert.equal(store.chats.session("' OR 1=1 --"), undefined);
    assert.equal(store.chats.session('zzzz'), undefined);
    assert.equal(store.chats.session('abc'), undefined, 'under four digits');
    assert.throws(() => store.chats.session('abcd'), /ambiguous/);
    assert.equal(store.chats.session('ABCE')?.id, 'abce00000003');
    assert.equal(store.chats.session('abcd00000002')?.id, 'abcd00000002');
    store.close();
  });

  it('changes the data revision when events or an analysis are added', () => {
    const store = openStore(join(temp.fresh(), 'vigil.db'));
    assert.equal(store.dataRevision(), 'e0.a0');
    const id = store.analyses.start('t', {}, {});
    assert.equal(store.dataRevision(), 'e0.a0', 'a running analysis is not data yet');
    store.analyses.finish(id, 'completed', { events: 0, alerts: 0, incidents: 0 });
    assert.equal(store.dataRevision(), `e0.a${id}`);
    store.close();
  });
});
