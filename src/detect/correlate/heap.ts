export interface HeapItem<T> {
  key: number;
  /** Insertion order: ties on `key` come out first in, first out, so the output order is deterministic. */
  seq: number;
  value: T;
}

function before<T>(a: HeapItem<T>, b: HeapItem<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}

/** A binary min-heap on (key, insertion order). */
export class MinHeap<T> {
  private readonly items: HeapItem<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): HeapItem<T> | undefined {
    return this.items[0];
  }

  push(key: number, value: T): void {
    const items = this.items;
    items.push({ key, seq: this.seq++, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const [p, c] = [items[parent], items[i]];
      if (p === undefined || c === undefined || !before(c, p)) break;
      items[parent] = c;
      items[i] = p;
      i = parent;
    }
  }

  pop(): HeapItem<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let smallest = i;
      const [li, ri, si] = [items[l], items[r], items[smallest]];
      if (li !== undefined && si !== undefined && before(li, si)) smallest = l;
      const s2 = items[smallest];
      if (ri !== undefined && s2 !== undefined && before(ri, s2)) smallest = r;
      if (smallest === i) return top;
      const [a, b] = [items[i], items[smallest]];
      if (a === undefined || b === undefined) return top;
      items[i] = b;
      items[smallest] = a;
      i = smallest;
    }
  }

  clear(): void {
    this.items.length = 0;
  }
}
