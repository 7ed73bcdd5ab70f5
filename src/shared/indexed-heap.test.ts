import { describe, expect, it } from 'vitest';
import { IndexedHeap, type HeapItem } from './indexed-heap.ts';
import { seededRandom } from './seeded-random.ts';

const item = (dueAt: number, heapSeq: number): HeapItem & { name: string } => ({
  dueAt,
  heapSeq,
  heapIndex: -1,
  name: `${dueAt}/${heapSeq}`,
});

describe('IndexedHeap', () => {
  it('pops by time, then by the order scheduled', () => {
    const heap = new IndexedHeap<ReturnType<typeof item>>();
    for (const [d, s] of [
      [5, 0],
      [1, 1],
      [5, 2],
      [3, 3],
      [1, 4],
    ] as const)
      heap.push(item(d, s));
    const out: string[] = [];
    for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x.name);
    expect(out).toEqual(['1/1', '1/4', '3/3', '5/0', '5/2']);
  });

  it('removes and re-times items anywhere in the heap, matching a sorted list (seeded)', () => {
    const random = seededRandom(7);
    const heap = new IndexedHeap<ReturnType<typeof item>>();
    const live = new Set<ReturnType<typeof item>>();
    for (let i = 0; i < 2000; i++) {
      const roll = random();
      const members = [...live];
      if (roll < 0.5 || members.length === 0) {
        const x = item(Math.floor(random() * 500), i);
        heap.push(x);
        live.add(x);
      } else if (roll < 0.75) {
        const x = members[Math.floor(random() * members.length)]!;
        expect(heap.remove(x)).toBe(true);
        expect(heap.remove(x)).toBe(false);
        live.delete(x);
      } else {
        const x = members[Math.floor(random() * members.length)]!;
        x.dueAt = Math.floor(random() * 500);
        heap.update(x);
      }
      expect(heap.size).toBe(live.size);
    }
    const expected = [...live]
      .sort((a, b) => a.dueAt - b.dueAt || a.heapSeq - b.heapSeq)
      .map((x) => x.name);
    const out: string[] = [];
    for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x.name);
    expect(out).toEqual(expected);
  });
});
