import { existsSync } from 'node:fs';

const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the system Chromium cannot be used, or undefined. */
export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath())) return undefined;
  return `Chromium not found at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`;
}
