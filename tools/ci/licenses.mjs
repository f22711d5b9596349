// Checks the licenses of everything the apps ship (the production dependency trees of apps/backend and
// apps/frontend, as npm resolves them in this workspace). Hand-written over `npm ls` because the usual license
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

// `npm ls --omit=dev` from the two workspaces follows production edges only (a workspace used as a devDependency,
// and its own dependencies, stay out). A package npm shows as deduped is listed again without its dependencies:
// walk each one's first full listing.
const tree = JSON.parse(
  execFileSync(
    'npm',
    ['ls', '--all', '--omit=dev', '--long', '--json', '-w', '@todo/backend', '-w', '@todo/frontend'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  ),
);
const packages = new Map();
const walked = new Set();
(function walk(node) {
  for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
    const id = `${name}@${dep.version}`;
    if (!dep.version || name.startsWith('@todo/')) {
      walk(dep);
      continue;
    }
    if (!packages.has(id) || dep.license)
      packages.set(id, { name, version: dep.version, license: dep.license, location: dep.path });
    if (dep.dependencies && !walked.has(id)) {
      walked.add(id);
      walk(dep);
    }
  }
})(tree);

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
