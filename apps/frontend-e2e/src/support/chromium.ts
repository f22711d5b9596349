import { existsSync } from 'node:fs';

/** The system Chromium; tests skip without it, except in CI, where its absence is a failure. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath())) return undefined;
  const reason = `Chromium not found at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${reason}: CI must install it (tools/ci/setup.sh)`);
  return reason;
}
