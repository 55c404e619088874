import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter } from '../../types.ts';
import { lowerAll, lowerOf, type LowerMemo } from '../match/field.ts';
import { toNumber, type Scalar } from '../match/value.ts';
import type { Anchor } from '../values.ts';
import type { Marks } from './marks.ts';
import type { Atom } from './need.ts';
import { PositionLists, TextIndex } from './text-index.ts';

interface TextAtom {
  anchor: Anchor;
  literal: string;
  position: number;
}

/**
 * Every atom on one field of one logsource group. The field is read once per event; each of its values
 * (each element of an array) is seen as the value tests see it: numbers as the number test compares them,
 * text as String(raw), lower-cased through the same memo the rules' entries share.
 */
export class FieldIndex {
  private readonly lower: TextIndex | undefined;
  private readonly cased: TextIndex | undefined;
  private readonly byNumber: Map<number, Int32Array> | undefined;
  private readonly byText: Map<string, Int32Array> | undefined;

  constructor(
    private readonly getter: FieldGetter,
    private readonly memo: LowerMemo,
    atoms: readonly { atom: Atom; position: number }[],
  ) {
    const lower: TextAtom[] = [];
    const cased: TextAtom[] = [];
    const byNumber = new PositionLists<number>();
    const byText = new PositionLists<string>();
    for (const { atom, position } of atoms) {
      const value = atom.value;
      if (value.kind === 'text') (value.lower ? lower : cased).push({ anchor: value.anchor, literal: value.literal, position });
      else {
        if (!Number.isNaN(value.value)) byNumber.add(value.value, position);
        byText.add(value.text, position);
      }
    }
    this.lower = lower.length === 0 ? undefined : new TextIndex(lower);
    this.cased = cased.length === 0 ? undefined : new TextIndex(cased);
    this.byNumber = byNumber.size === 0 ? undefined : byNumber.build();
    this.byText = byText.size === 0 ? undefined : byText.build();
  }

  collect(event: VigilEvent, marks: Marks): void {
    const value = this.getter(event);
    if (value === undefined || value === null) return;
    if (typeof value !== 'object') {
      this.one(value, marks);
      return;
    }
    const lowered = this.lower === undefined ? undefined : lowerAll(value, this.memo);
    for (let i = 0; i < value.length; i++) this.one(value[i]!, marks, lowered?.[i]);
  }

  private one(raw: Scalar, marks: Marks, lowered?: string): void {
    if (this.byText !== undefined) this.number(raw, marks);
    if (this.lower === undefined && this.cased === undefined) return;
    const text = typeof raw === 'string' ? raw : String(raw);
    this.cased?.scan(text, marks);
    this.lower?.scan(lowered ?? lowerOf(text, this.memo), marks);
  }

  /**
   * What the number test accepts: the same number, or a text equal to the number as the rule wrote it or
   * reading as the number. (Arrays from JSON may hold anything: only numbers and texts are looked up.)
   */
  private number(raw: Scalar, marks: Marks): void {
    if (typeof raw === 'number') {
      const found = this.byNumber?.get(raw);
      if (found !== undefined) marks.mark(found);
    } else if (typeof raw === 'string') {
      const found = this.byNumber?.get(toNumber(raw));
      if (found !== undefined) marks.mark(found);
      const same = this.byText!.get(raw);
      if (same !== undefined) marks.mark(same);
    }
  }
}
