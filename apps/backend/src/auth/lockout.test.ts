import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountLockout } from './lockout.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the per-account lockout', () => {
  it('locks after the threshold for a minute, doubling with each failure after a lock, up to an hour', async () => {
    const lockout = new AccountLockout(3, undefined);
    const account = 'email:someone@example.test';
    for (let i = 0; i < 2; i++) await lockout.failed(account);
    expect(await lockout.lockedFor(account)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      await lockout.failed(account);
      const wait = await lockout.lockedFor(account);
      waits.push(wait);
      vi.advanceTimersByTime(wait * 1000);
      expect(await lockout.lockedFor(account)).toBe(0);
    }
    expect(waits).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('keys the account case-insensitively, forgets failures after a success, and keeps accounts apart', async () => {
    const lockout = new AccountLockout(2, undefined);
    await lockout.failed('email:A@example.test');
    await lockout.succeeded('email:a@example.test');
    await lockout.failed('email:a@example.test');
    expect(await lockout.lockedFor('email:a@example.test')).toBe(0);
    await lockout.failed('email:A@EXAMPLE.test');
    expect(await lockout.lockedFor('email:a@example.test')).toBe(60);
    expect(await lockout.lockedFor('email:b@example.test')).toBe(0);
  });
});
