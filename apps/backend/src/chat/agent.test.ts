import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { systemPrompt } from './agent.js';

const MiB = 1024 * 1024;

/** Memory outside the JavaScript heap (where ICU's formats live), after a full garbage collection. */
function offHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { rss, heapTotal } = process.memoryUsage();
  return rss - heapTotal;
}

describe('the chat prompt', () => {
  it("gives the user's local date and time", () => {
    const prompt = systemPrompt(new Date('2026-03-29T08:30:00Z'), 'Europe/Paris');
    expect(prompt).toContain('It is now Sunday, March 29, 2026 at 10:30 AM in Europe/Paris.');
    expect(prompt).toContain('e.g. 2026-03-29T17:00 for 5 pm today');
  });

  // An Intl date format holds KiB of ICU memory outside the JavaScript heap, which the garbage collector
  // does not count: made per chat turn (Date#toLocaleString with options), 6,000 turns grew it by about 50 MiB.
  // Measured after 500 turns of warm-up (the zone's ICU data, the code), so only growth per turn counts; without a
  // leak it moves by a few MiB either way.
  it('keeps memory flat over 6,000 turns', () => {
    const turns = (from: number, count: number) => {
      for (let turn = from; turn < from + count; turn++)
        systemPrompt(new Date(Date.UTC(2026, 0, 1) + turn * 60_000), 'Asia/Tokyo');
    };
    turns(0, 500);
    const before = offHeap();
    turns(500, 6000);
    expect((offHeap() - before) / MiB).toBeLessThan(24);
  });
});
