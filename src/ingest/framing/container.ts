import { basename } from 'node:path';
import { setOwn } from '../values.ts';
import { DEFAULT_MAX_LINE_BYTES, frameLines, type LineRecord } from './lines.ts';

/**
 * Container log files, whose every line wraps the line a container wrote:
 * - `cri`: the CRI format of containerd, CRI-O and Podman (Kubernetes nodes' `/var/log/containers/*.log`):
 *   `2025-12-31T17:37:40.493035218+01:00 stdout F <line>`, where `P` marks a part of a longer line that the
 *   next lines of that stream complete;
 * - `docker`: Docker's json-file driver (`/var/lib/docker/containers/<id>/<id>-json.log`):
 *   `{"log":"<line>\n","stream":"stdout","time":"…"}`, a longer line split into entries without the `\n`.
 * The wrapped lines are what the format of the file reads; the wrapper's time stands in for a line without one.
 */

export type ContainerRuntime = 'cri' | 'docker';

/** What a container runtime wrote around one line. */
export interface Wrapper {
  /**
   * The runtime's line as read (the first, for a line in parts): events are identified by it, so a log read before
   * Vigil unwrapped container lines keeps its event ids and reading it again adds nothing.
   */
  raw: string;
  time: string;
  /** `stdout` or `stderr`. */
  stream: string;
  /** Docker's `attrs` (labels and environment the daemon was told to log). */
  attrs?: Readonly<Record<string, string>>;
  /** Fluent Bit's and Fluentd's Kubernetes metadata (`pod_name`, `namespace_name`, `labels.app` …), when they shipped the line. */
  kubernetes?: Readonly<Record<string, string>>;
}

export interface WrappedRecord extends LineRecord {
  /** Absent for a line that is not the runtime's (it is read as it is). */
  wrapper?: Wrapper;
  /** With `json`: the wrapped line parsed as JSON. */
  value?: unknown;
  error?: string;
}

const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([A-Z]+(?::[A-Z]+)*)(?: |$)/;
/** A share of the sample's lines below which a file is not a container log (a text quoting a few such lines). */
const MIN_SHARE = 0.8;

interface Unwrapped {
  text: string;
  wrapper: Wrapper;
  /** False for a part of a longer line. */
  whole: boolean;
}

function unwrapCri(line: string): Unwrapped | undefined {
  const m = CRI.exec(line);
  if (m === null) return undefined;
  const tags = m[3]!.split(':');
  return { text: line.slice(m[0].length), wrapper: { raw: line, time: m[1]!, stream: m[2]! }, whole: !tags.includes('P') };
}

function textAttrs(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') continue;
    setOwn(out, key, item);
    any = true;
  }
  return any ? out : undefined;
}

function unwrapDocker(line: string): Unwrapped | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { log, stream, time, attrs } = value as Record<string, unknown>;
  if (typeof log !== 'string' || typeof time !== 'string' || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  const whole = log.endsWith('\n');
  let text = whole ? log.slice(0, -1) : log;
  if (text.endsWith('\r')) text = text.slice(0, -1);
  const wrapper: Wrapper = { raw: line, time, stream };
  const labels = textAttrs(attrs);
  if (labels !== undefined) wrapper.attrs = labels;
  const kubernetes = kubernetesLabels((value as Record<string, unknown>).kubernetes);
  if (kubernetes !== undefined) wrapper.kubernetes = kubernetes;
  return { text, wrapper, whole };
}

/** Metadata entries kept at most (a hostile record of many labels keeps the first ones). */
const MAX_KUBERNETES = 100;

/** The scalar fields of Fluent Bit's `kubernetes` object and of its `labels`, under their paths (`labels.app`). */
function kubernetesLabels(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  let count = 0;
  const add = (key: string, item: unknown) => {
    if (count >= MAX_KUBERNETES || (typeof item !== 'string' && typeof item !== 'number') || item === '') return;
    setOwn(out, key, String(item));
    count++;
  };
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'labels' && typeof item === 'object' && item !== null && !Array.isArray(item)) {
      for (const [label, text] of Object.entries(item as Record<string, unknown>)) add(`labels.${label}`, text);
    } else add(key, item);
  }
  return count === 0 ? undefined : out;
}

const UNWRAP: Readonly<Record<ContainerRuntime, (line: string) => Unwrapped | undefined>> = { cri: unwrapCri, docker: unwrapDocker };

/** The runtime whose wrapper most of the sample's lines carry, if any. */
export function containerRuntimeOf(lines: readonly string[]): ContainerRuntime | undefined {
  if (lines.length === 0) return undefined;
  for (const runtime of ['cri', 'docker'] as const) {
    let hits = 0;
    for (const line of lines) if (UNWRAP[runtime](line) !== undefined) hits++;
    if (hits / lines.length >= MIN_SHARE) return runtime;
  }
  return undefined;
}

/** A line still in parts: what it holds so far, and where and when it started. */
interface OpenLine {
  parts: string[];
  length: number;
  /** Characters beyond the cap, not kept. */
  dropped: number;
  line: number;
  offset: number;
  wrapper: Wrapper;
}

/**
 * Joins the parts of long lines, one pending line per stream (stdout and stderr interleave). A line that is not
 * the runtime's passes as it is; a joined line is capped as the line framing caps lines.
 */
class Joiner {
  private readonly pending = new Map<string, OpenLine>();

  constructor(
    private readonly unwrap: (line: string) => Unwrapped | undefined,
    private readonly maxChars: number,
  ) {}

  /** The whole lines this input line completes (none while a line is still in parts). */
  add(record: LineRecord, out: WrappedRecord[]): void {
    const found = this.unwrap(record.text);
    if (found === undefined) {
      out.push(record);
      return;
    }
    const { stream } = found.wrapper;
    let open = this.pending.get(stream);
    if (open === undefined) {
      if (found.whole) {
        const whole: WrappedRecord = { text: found.text, line: record.line, offset: record.offset, wrapper: found.wrapper };
        if (record.truncated !== undefined) whole.truncated = record.truncated;
        out.push(whole);
        return;
      }
      open = { parts: [], length: 0, dropped: 0, line: record.line, offset: record.offset, wrapper: found.wrapper };
      this.pending.set(stream, open);
    }
    const room = this.maxChars - open.length;
    const part = found.text.length <= room ? found.text : found.text.slice(0, Math.max(room, 0));
    open.parts.push(part);
    open.length += part.length;
    open.dropped += found.text.length - part.length + (record.truncated ?? 0);
    if (found.whole) {
      this.pending.delete(stream);
      out.push(this.close(open));
    }
  }

  /** Parts never completed (the file ends inside a long line) are still lines. */
  flush(out: WrappedRecord[]): void {
    for (const open of [...this.pending.values()].sort((a, b) => a.line - b.line)) out.push(this.close(open));
    this.pending.clear();
  }

  private close(open: OpenLine): WrappedRecord {
    const record: WrappedRecord = { text: open.parts.join(''), line: open.line, offset: open.offset, wrapper: open.wrapper };
    if (open.dropped > 0) record.truncated = open.dropped;
    return record;
  }
}

/** The sample's lines as the container wrote them, parts joined (for detecting the wrapped format). */
export function unwrapSample(lines: readonly string[], runtime: ContainerRuntime): string[] {
  const joiner = new Joiner(UNWRAP[runtime], DEFAULT_MAX_LINE_BYTES);
  const out: WrappedRecord[] = [];
  lines.forEach((text, i) => joiner.add({ text, line: i + 1, offset: 0 }, out));
  joiner.flush(out);
  return out.map((r) => r.text).filter((t) => t.trim() !== '');
}

function withJson(record: WrappedRecord): WrappedRecord {
  try {
    record.value = JSON.parse(record.text) as unknown;
  } catch (error) {
    record.error = `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return record;
}

/** The wrapped lines of a container log, each with its wrapper; `json` parses each as a JSON document. */
export async function* frameContainer(chunks: AsyncIterable<Buffer>, runtime: ContainerRuntime, json: boolean): AsyncGenerator<WrappedRecord[]> {
  const joiner = new Joiner(UNWRAP[runtime], DEFAULT_MAX_LINE_BYTES);
  const finish = (records: WrappedRecord[]): WrappedRecord[] => {
    const kept = records.filter((r) => r.text.trim() !== '');
    return json ? kept.map(withJson) : kept;
  };
  for await (const lines of frameLines(chunks)) {
    const out: WrappedRecord[] = [];
    for (const line of lines) joiner.add(line, out);
    if (out.length > 0) yield finish(out);
  }
  const tail: WrappedRecord[] = [];
  joiner.flush(tail);
  if (tail.length > 0) yield finish(tail);
}

const K8S_CONTAINER_LOG = /^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)_(.+)-([0-9a-f]{64})\.log$/;
const K8S_POD_DIR = /(?:^|\/)([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9.-]*)_([0-9a-f-]{36})\/([^/]+)\/\d+\.log(?:\.\d+)?$/;
const DOCKER_LOG = /(?:^|\/)([0-9a-f]{64})-json\.log(?:\.\d+)?$/;

/** What a container log's path says of its container: Kubernetes' and Docker's own file names. */
export function containerLabelsOf(path: string): Record<string, string> {
  const normal = path.replaceAll('\\', '/');
  const k8s = K8S_CONTAINER_LOG.exec(basename(normal));
  if (k8s !== null) {
    return { 'kubernetes.pod.name': k8s[1]!, 'kubernetes.namespace': k8s[2]!, 'container.name': k8s[3]!, 'container.id': k8s[4]! };
  }
  const pod = K8S_POD_DIR.exec(normal);
  if (pod !== null) {
    return { 'kubernetes.namespace': pod[1]!, 'kubernetes.pod.name': pod[2]!, 'kubernetes.pod.uid': pod[3]!, 'container.name': pod[4]! };
  }
  const docker = DOCKER_LOG.exec(normal);
  return docker === null ? {} : { 'container.id': docker[1]! };
}
