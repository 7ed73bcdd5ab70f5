/**
 * A binary min-heap of things that fall due, ordered by `dueAt` and then by `heapSeq` (so two
 * things due at the same instant come out in the order they were scheduled). Each item keeps
 * its own position (`heapIndex`, -1 when not in a heap), so it can be removed or moved in
 * O(log n) without a search: the Server's one timer queue holds every script, ticker and delay
 * this way, and the load tester's pacing queue is one too.
 */
export interface HeapItem {
  dueAt: number;
  heapSeq: number;
  heapIndex: number;
}

export class IndexedHeap<T extends HeapItem> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    if (item.heapIndex !== -1) throw new Error('the item is already in a heap');
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Takes the item out; false when it was not in this heap. */
  remove(item: T): boolean {
    const i = item.heapIndex;
    const items = this.#items;
    if (i < 0 || i >= items.length || items[i] !== item) return false;
    const last = items.pop()!;
    item.heapIndex = -1;
    if (last !== item) {
      items[i] = last;
      last.heapIndex = i;
      this.#down(i);
      this.#up(last.heapIndex);
    }
    return true;
  }

  /** Call after changing an item's `dueAt` (or `heapSeq`) while it is in the heap. */
  update(item: T): void {
    const i = item.heapIndex;
    if (i < 0 || this.#items[i] !== item) throw new Error('the item is not in this heap');
    this.#up(i);
    this.#down(item.heapIndex);
  }

  clear(): void {
    for (const item of this.#items) item.heapIndex = -1;
    this.#items.length = 0;
  }

  #less(a: T, b: T): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.heapSeq < b.heapSeq);
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const a = items[i]!;
    const b = items[j]!;
    items[i] = b;
    items[j] = a;
    b.heapIndex = i;
    a.heapIndex = j;
  }

  #up(i: number): void {
    const items = this.#items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(items[i]!, items[parent]!)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const items = this.#items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.#less(items[l]!, items[m]!)) m = l;
      if (r < items.length && this.#less(items[r]!, items[m]!)) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }
}
