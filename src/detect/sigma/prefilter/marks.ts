/**
 * The candidate rules of one event: positions marked at most once per event (an epoch per position, so
 * starting the next event clears nothing), listed in the order they were first marked. No allocation per event.
 */
export class Marks {
  private readonly seen: Uint32Array;
  private epoch = 1;
  readonly list: Int32Array;
  size = 0;

  constructor(positions: number) {
    this.seen = new Uint32Array(positions);
    this.list = new Int32Array(positions);
  }

  reset(): void {
    this.size = 0;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
  }

  mark(positions: Int32Array): void {
    const { seen, list, epoch } = this;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (seen[position] === epoch) continue;
      seen[position] = epoch;
      list[this.size++] = position;
    }
  }
}
