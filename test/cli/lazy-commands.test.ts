import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { commandsFor } from '../../src/cli/main.ts';

const names = async (argv: string[]) => (await commandsFor(argv)).map((command) => command.name);
const ALL = COMMANDS.map((command) => command.name);

describe('the CLI loads the verb it runs', () => {
  it('loads every verb it lists, each under its own name', async () => {
    assert.deepEqual(await names([]), ALL);
    assert.equal(new Set(ALL).size, ALL.length);
  });

  it('loads only the named verb, wherever the global options stand', async () => {
    assert.deepEqual(await names(['ingest', 'logs/']), ['ingest']);
    assert.deepEqual(await names(['--db', 'x.db', '--json', 'stats', '--top', '3']), ['stats']);
    assert.deepEqual(await names(['--db=x.db', 'search', 'failed', '--field', 'user.name=root']), ['search']);
    // A global option's value is not the verb, even when it is spelt like one.
    assert.deepEqual(await names(['--db', 'ingest', '--actor', 'serve', 'stats']), ['stats']);
    assert.deepEqual(await names(['-q', 'serve', '--port', '0']), ['serve']);
    assert.deepEqual(await names(['--', 'ingest', '-']), ['ingest']);
  });

  it('loads every verb when none is named or the arguments are wrong, so commander explains', async () => {
    for (const argv of [['--help'], ['-V'], ['help', 'ingest'], ['bogus'], ['--db'], ['--unknown', 'ingest']]) {
      assert.deepEqual(await names(argv), ALL, argv.join(' '));
    }
  });
});
