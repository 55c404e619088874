import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { InputItem } from '../sources.ts';
import { maybeDecompress } from './magic.ts';

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error !== null) reject(error);
      else resolve(zip);
    });
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryStream(zip: ZipFile, entry: Entry): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        zip.openReadStream(entry, (error, opened) => (error !== null ? reject(error) : resolve(opened)));
      });
      yield* maybeDecompress(stream as AsyncIterable<Buffer>);
    },
  };
}

/** Each file member of a zip archive becomes one source, read in archive order. */
/** `identity` is the archive's absolute path; a member's id key is `<identity>!<member path>`. */
export async function* readZip(path: string, base: { mtimeMs?: number; size?: number }, identity: string): AsyncGenerator<InputItem> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    yield { problem: { name: path, problem: `unreadable zip archive: ${error instanceof Error ? error.message : String(error)}` } };
    return;
  }
  try {
    for (;;) {
      let entry: Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        yield { problem: { name: path, problem: `zip archive damaged: ${error instanceof Error ? error.message : String(error)}` } };
        return;
      }
      if (entry === undefined) return;
      if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
      const member = entry;
      yield {
        source: {
          name: `${path}!${member.fileName}`,
          key: `${identity}!${member.fileName}`,
          mtimeMs: member.getLastModDate().getTime() || base.mtimeMs,
          size: member.uncompressedSize,
          reopenable: true,
          open: () => entryStream(zip, member),
        },
      };
    }
  } finally {
    zip.close();
  }
}
