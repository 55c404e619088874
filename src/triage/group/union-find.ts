/** Disjoint sets over 0..n-1 with path halving and union by size; `end` is kept per root. */
export class UnionFind {
  private readonly parent: number[];
  private readonly size: number[];
  readonly end: number[];

  constructor(ends: readonly number[]) {
    this.parent = ends.map((_, i) => i);
    this.size = ends.map(() => 1);
    this.end = [...ends];
  }

  find(i: number): number {
    let x = i;
    while (this.parent[x] !== x) {
      const grand = this.parent[this.parent[x]!]!;
      this.parent[x] = grand;
      x = grand;
    }
    return x;
  }

  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    this.end[ra] = Math.max(this.end[ra]!, this.end[rb]!);
    return ra;
  }
}
