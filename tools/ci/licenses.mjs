// Checks the licenses of everything the apps ship (the production dependency trees of apps/backend and
// apps/frontend, as npm resolves them in this workspace). Hand-written over `npm query` because the usual license
// checkers walk node_modules from one package and miss what npm workspaces hoist.
import { execFileSync } from 'node:child_process';

const ALLOWED = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0']);
/** Weak-copyleft or data licenses, reviewed one by one: used unmodified, as separate files. */
const REVIEWED = {
  '@img/sharp-libvips-linux-x64': 'LGPL-3.0-or-later: the libvips shared library sharp loads, unmodified',
  lightningcss: 'MPL-2.0: CSS tooling used by the Next.js build, unmodified',
  'lightningcss-linux-x64-gnu': 'MPL-2.0: its native binary, unmodified',
  'caniuse-lite': 'CC-BY-4.0: browser support data, attribution kept in the package',
};

const json = execFileSync('npm', ['query', '#@todo/backend .prod, #@todo/frontend .prod'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const packages = new Map();
for (const pkg of JSON.parse(json)) if (!pkg.private) packages.set(`${pkg.name}@${pkg.version}`, pkg);

const allowed = (license) =>
  typeof license === 'string' &&
  license
    .replace(/[()]/g, '')
    .split(/ OR /)
    .some((choice) => choice.split(/ AND /).every((part) => ALLOWED.has(part.trim())));

const problems = [...packages.values()].filter((pkg) => !allowed(pkg.license) && !(pkg.name in REVIEWED));
console.log(`${packages.size} production packages checked; ${Object.keys(REVIEWED).length} reviewed exceptions.`);
for (const pkg of problems)
  console.error(`✖ ${pkg.name}@${pkg.version}: ${JSON.stringify(pkg.license) ?? 'no license'} (${pkg.location})`);
if (problems.length) {
  console.error(`Allowed: ${[...ALLOWED].join(', ')}. Review the package, then add it to REVIEWED with the reason.`);
  process.exit(1);
}
