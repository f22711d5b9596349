import { describe, expect, it } from 'vitest';
import { systemPrompt } from './agent.js';

const MiB = 1024 * 1024;

describe('the chat prompt', () => {
  it("gives the user's local date and time", () => {
    const prompt = systemPrompt(new Date('2026-03-29T08:30:00Z'), 'Europe/Paris');
    expect(prompt).toContain('It is now Sunday, March 29, 2026 at 10:30 AM in Europe/Paris.');
    expect(prompt).toContain('e.g. 2026-03-29T17:00 for 5 pm today');
  });

  // An Intl date format holds tens of KiB of ICU memory outside the JavaScript heap, which the garbage collector
  // does not count: made per chat turn (Date#toLocaleString with options), 3,000 turns grew the process by 70 MiB.
  it('keeps memory flat over 3,000 turns', () => {
    const before = process.memoryUsage().rss;
    for (let turn = 0; turn < 3000; turn++) systemPrompt(new Date(Date.UTC(2026, 0, 1) + turn * 60_000), 'Asia/Tokyo');
    expect((process.memoryUsage().rss - before) / MiB).toBeLessThan(16);
  });
});
