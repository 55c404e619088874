import { all } from './all.ts';
import { base64 } from './base64.ts';
import { base64offset } from './base64offset.ts';
import { cased } from './cased.ts';
import { cidr } from './cidr.ts';
import { contains } from './contains.ts';
import { day } from './day.ts';
import { endswith } from './endswith.ts';
import { exists } from './exists.ts';
import { expand } from './expand.ts';
import { fieldref } from './fieldref.ts';
import { gt } from './gt.ts';
import { gte } from './gte.ts';
import { hour } from './hour.ts';
import { lt } from './lt.ts';
import { lte } from './lte.ts';
import { minute } from './minute.ts';
import { month } from './month.ts';
import { neq } from './neq.ts';
import { reDotAll } from './re-dotall.ts';
import { reIgnoreCase } from './re-ignorecase.ts';
import { reMultiline } from './re-multiline.ts';
import { re } from './re.ts';
import { startswith } from './startswith.ts';
import type { Modifier } from './types.ts';
import { utf16 } from './utf16.ts';
import { utf16be } from './utf16be.ts';
import { utf16le } from './utf16le.ts';
import { week } from './week.ts';
import { wide } from './wide.ts';
import { windash } from './windash.ts';
import { year } from './year.ts';

/** Every Sigma value modifier by id (specification v2.1 appendix, with pySigma's long names for the re flags). */
export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map<string, Modifier>([
  ['contains', contains],
  ['startswith', startswith],
  ['endswith', endswith],
  ['all', all],
  ['exists', exists],
  ['cased', cased],
  ['neq', neq],
  ['windash', windash],
  ['re', re],
  ['i', reIgnoreCase],
  ['ignorecase', reIgnoreCase],
  ['m', reMultiline],
  ['multiline', reMultiline],
  ['s', reDotAll],
  ['dotall', reDotAll],
  ['base64', base64],
  ['base64offset', base64offset],
  ['utf16le', utf16le],
  ['utf16be', utf16be],
  ['utf16', utf16],
  ['wide', wide],
  ['lt', lt],
  ['lte', lte],
  ['gt', gt],
  ['gte', gte],
  ['cidr', cidr],
  ['expand', expand],
  ['fieldref', fieldref],
  ['minute', minute],
  ['hour', hour],
  ['day', day],
  ['week', week],
  ['month', month],
  ['year', year],
]);

export type { EntryFlags, Modifier, ModifierContext, ModifierFailure, TimePart } from './types.ts';
