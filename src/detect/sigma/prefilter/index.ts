import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter } from '../../types.ts';
import type { LowerMemo } from '../match/field.ts';
import { FieldIndex } from './field-index.ts';
import { Marks } from './marks.ts';
import type { Atom, Need } from './need.ts';

/**
 * The rules of one logsource group sorted by what they need: an event is shown only to the rules whose need
 * it meets (an atom of theirs holds on one of its field values) and to the rules whose need is unknown.
 * Rules that can never match are shown to no event. Results are those of running every rule: a rule whose
 * need is not met cannot match.
 */
export class Prefilter {
  /** Positions of the rules that run on every event (need unknown), in order. */
  readonly always: Int32Array;
  private readonly fields: FieldIndex[];
  private readonly marks: Marks;

  constructor(needs: readonly Need[]) {
    const always: number[] = [];
    const bySource = new Map<FieldGetter, { memo: LowerMemo; atoms: { atom: Atom; position: number }[] }>();
    needs.forEach((need, position) => {
      if (need === undefined) {
        always.push(position);
        return;
      }
      for (const atom of need) {
        const { getter, memo } = atom.source;
        let field = bySource.get(getter);
        if (field === undefined) {
          field = { memo, atoms: [] };
          bySource.set(getter, field);
        }
        field.atoms.push({ atom, position });
      }
    });
    this.always = Int32Array.from(always);
    this.fields = [...bySource].map(([getter, { memo, atoms }]) => new FieldIndex(getter, memo, atoms));
    this.marks = new Marks(needs.length);
  }

  /** The positions of the rules whose need the event meets (valid until the next call), in no set order. */
  candidates(event: VigilEvent): Marks {
    const marks = this.marks;
    marks.reset();
    for (const field of this.fields) field.collect(event, marks);
    return marks;
  }
}
