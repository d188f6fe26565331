/**
 * A binary min-heap of (time, actor index) pairs on typed arrays: the simulation's agenda. Equal
 * times come out in an order fixed by the sequence of operations, so runs stay deterministic.
 */
export class AgendaHeap {
  private times = new Float64Array(1024);
  private ids = new Int32Array(1024);
  size = 0;

  push(id: number, t: number): void {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      this.times = times;
      const ids = new Int32Array(this.size * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    let i = this.size++;
    const times = this.times;
    const ids = this.ids;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! <= t) break;
      times[i] = times[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = t;
    ids[i] = id;
  }

  topTime(): number {
    return this.times[0]!;
  }

  topId(): number {
    return this.ids[0]!;
  }

  /** Gives the top entry a new (later) time and restores the heap. */
  retimeTop(t: number): void {
    this.siftDown(this.ids[0]!, t);
  }

  popTop(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(this.ids[n]!, this.times[n]!);
  }

  private siftDown(id: number, t: number): void {
    const times = this.times;
    const ids = this.ids;
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && times[r]! < times[l]! ? r : l;
      if (times[c]! >= t) break;
      times[i] = times[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    times[i] = t;
    ids[i] = id;
  }
}
