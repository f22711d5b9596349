// Prints the `docker build` flags of the docker-build target that @nx/docker cannot give: the version and git sha
// tags and the OCI label values. Its {commitSha} is fixed when the project graph is built and cached by the
// project's files, so a new commit would keep the old one; these are read when the image is built.
// (The deploy tag, id-<12 hex of the image id>, exists only after the build: `contentTag` in build.ts.)
import { planImage, type Component } from './build.js';

// Run by the docker-build target: Nx names the project in NX_TASK_TARGET_PROJECT.
const project = process.env.NX_TASK_TARGET_PROJECT as Component | undefined;
if (!project) {
  console.error('image-args.ts runs inside an Nx task (NX_TASK_TARGET_PROJECT is not set)');
  process.exit(2);
}
const { tags, buildArgs } = planImage(project, '');
const flags = [
  ...tags.filter((tag) => !tag.endsWith(':local')).map((tag) => `--tag ${tag}`),
  ...Object.entries(buildArgs).map(([key, value]) => `--build-arg ${key}=${value}`),
];
console.log(flags.join(' '));
