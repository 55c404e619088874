import type { EventFields } from '../../../../schema/event.ts';
import { baseName, hexOrInt, int, str } from '../../../values.ts';
import { field } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * What responders read in the Application log besides SQL Server: software installed and removed by Windows
 * Installer (`MsiInstaller`: remote access tools and droppers arrive as MSI packages), and programs that crashed
 * (`Application Error` 1000: lsass, a service or an exploited program). An EVTX record carries inserts; NXLog and
 * Event Viewer exports often keep only the English message, which is read by its labels.
 */

type Outcome = 'success' | 'failure';

function statusOutcome(status: string | undefined): Outcome | undefined {
  const code = int(status);
  return code === undefined ? undefined : code === 0 ? 'success' : 'failure';
}

function productFields(kind: 'installation' | 'deletion', product: { name?: string; version?: string; manufacturer?: string; status?: string }, outcome: Outcome | undefined, record: { systemUserId?: string }): EventFields {
  const labels: Record<string, string> = {};
  if (product.manufacturer !== undefined) labels['package_manufacturer'] = product.manufacturer;
  if (product.status !== undefined) labels['install_status'] = product.status;
  return {
    event: { category: ['package'], type: [kind], action: kind === 'installation' ? 'package-installed' : 'package-removed', outcome },
    package: { name: product.name, version: product.version, type: 'msi' },
    user: { id: record.systemUserId },
    labels,
  };
}

/** 1033/1034's message, `Product Name: %1. Product Version: %2. Product Language: %3. Manufacturer: %5. Installation success or error status: %4.`, read label after label (a crafted name cannot make it backtrack). */
const PRODUCT_LABELS = ['Product Name: ', '. Product Version: ', '. Product Language: ', '. Manufacturer: ', ' success or error status: '];
const STATUS = /^-?\d+/;

function productMessage(message: string | undefined): { name?: string; version?: string; manufacturer?: string; status?: string } {
  if (message === undefined) return {};
  const parts: string[] = [];
  let at = message.indexOf(PRODUCT_LABELS[0]!);
  if (at < 0) return {};
  at += PRODUCT_LABELS[0]!.length;
  for (const label of PRODUCT_LABELS.slice(1)) {
    const next = message.indexOf(label, at);
    if (next < 0) return {};
    parts.push(message.slice(at, next));
    at = next + label.length;
  }
  // The last part ends with the word before the status (`. Installation`, `. Removal`).
  const last = parts[3] ?? '';
  const cut = last.lastIndexOf('. ');
  return { name: str(parts[0]), version: str(parts[1]), manufacturer: str(cut < 0 ? last : last.slice(0, cut)), status: STATUS.exec(message.slice(at))?.[0] };
}

/** 1033 installed, 1034 removed: the product, its version and maker, and Windows Installer's status (0 is success). */
function productResult(kind: 'installation' | 'deletion'): Mapper {
  return (data, record) => {
    const product =
      field(data, 'param1') !== undefined
        ? // The manufacturer's insert is not read: sources disagree on its place (%5 or %6), and nothing here shows which.
          { name: field(data, 'param1'), version: field(data, 'param2'), status: int(field(data, 'param4'))?.toString() }
        : productMessage(record.message);
    return productFields(kind, product, statusOutcome(product.status), record);
  };
}

/** 11707/11708/11724/11725: one insert, the whole sentence `Product: <name> -- Installation completed successfully.` (in the display language). */
const PRODUCT_SENTENCE = /^[^:\r\n]{1,40}: (.+?) -- /;

function productSentence(kind: 'installation' | 'deletion', outcome: Outcome): Mapper {
  return (data, record) => {
    const sentence = field(data, 'param1') ?? record.message ?? '';
    return productFields(kind, { name: str(PRODUCT_SENTENCE.exec(sentence)?.[1]) }, outcome, record);
  };
}

/** 1040/1042: `Beginning|Ending a Windows Installer transaction: <package or product>. Client Process Id: <pid>.` */
function transactionMessage(message: string | undefined): { target?: string; pid?: string } {
  if (message === undefined) return {};
  const start = message.indexOf('transaction: ');
  const end = message.lastIndexOf('. Client Process Id: ');
  if (start < 0 || end < start) return {};
  return { target: str(message.slice(start + 'transaction: '.length, end)), pid: /^\d+/.exec(message.slice(end + '. Client Process Id: '.length))?.[0] };
}

function transaction(action: string): Mapper {
  return (data, record) => {
    const fromMessage = field(data, 'param1') === undefined ? transactionMessage(record.message) : {};
    const target = field(data, 'param1') ?? fromMessage.target;
    const path = target !== undefined && /^(?:[A-Za-z]:\\|\\\\)/.test(target) ? target : undefined;
    const labels: Record<string, string> = {};
    if (target !== undefined && path === undefined) labels['msi_target'] = target;
    return {
      event: { category: ['package'], type: ['info'], action },
      file: { path, name: baseName(path) },
      process: { pid: int(field(data, 'param2') ?? fromMessage.pid) },
      user: { id: record.systemUserId },
      labels,
    };
  };
}

export const MSI_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [1033, productResult('installation')],
  [1034, productResult('deletion')],
  [11707, productSentence('installation', 'success')],
  [11708, productSentence('installation', 'failure')],
  [11724, productSentence('deletion', 'success')],
  [11725, productSentence('deletion', 'failure')],
  [1040, transaction('msi-transaction-started')],
  [1042, transaction('msi-transaction-ended')],
];

/** 1000 as an English message (`Faulting application name: lsass.exe, version: …` and a line per label), for exports without EventData. */
const CRASH_LINES: ReadonlyArray<[string, RegExp]> = [
  ['AppName', /^Faulting application name: ([^,]+),/],
  ['AppVersion', /^Faulting application name: [^,]+, version: ([^,]+)/],
  ['ModuleName', /^Faulting module name: ([^,]+),/],
  ['ExceptionCode', /^Exception code: (?:0x)?(\S+)/], // as EventData writes it: `c0000005`
  ['FaultingOffset', /^Fault offset: (\S+)/],
  ['ProcessId', /^Faulting process id: (\S+)/],
  ['AppPath', /^Faulting application path: (.+)/],
  ['ModulePath', /^Faulting module path: (.+)/],
];

function crashMessage(message: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (message ?? '').split(/\r?\n/)) {
    for (const [name, pattern] of CRASH_LINES) {
      const value = out[name] === undefined ? pattern.exec(line.trim())?.[1] : undefined;
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}

function crashFields(data: Data, message: string | undefined): Readonly<Record<string, string | undefined>> {
  // Windows 7 and 2008 wrote these inserts unnamed; without such records to check their order against, they are left to the message.
  if (field(data, 'AppName') !== undefined) return data;
  return crashMessage(message);
}

/** 1000: a program crashed: which, where, in which module, with which exception (c0000005 an access violation). */
const applicationCrash: Mapper = (data, record) => {
  const crash = crashFields(data, record.message);
  const get = (key: string): string | undefined => str(crash[key]?.trim());
  const labels: Record<string, string> = {};
  for (const [label, key] of [['app_version', 'AppVersion'], ['module_name', 'ModuleName'], ['module_path', 'ModulePath'], ['exception_code', 'ExceptionCode'], ['fault_offset', 'FaultingOffset']] as const) {
    const value = get(key);
    if (value !== undefined) labels[label] = value;
  }
  const path = get('AppPath');
  return {
    event: { category: ['process'], type: ['end'], action: 'application-crashed', outcome: 'failure' },
    process: { name: get('AppName') ?? baseName(path), executable: path, pid: hexOrInt(get('ProcessId')) },
    labels,
  };
};

export const APPLICATION_ERROR_MAPPERS: ReadonlyArray<[number, Mapper]> = [[1000, applicationCrash]];
