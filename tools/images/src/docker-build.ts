// `nx docker-build <project>`: builds the project's image from its Nx build output.
// BASE_IMAGE overrides the Dockerfile's base; IMAGE_REGISTRY prefixes the image name.
import { buildImage, COMPONENTS, planImage, type Component } from './build.js';
import { dockerUnavailable } from './docker.js';

const project = process.argv[2] as Component;
if (!COMPONENTS.includes(project)) {
  console.error(`Usage: docker-build.ts <${COMPONENTS.join('|')}>`);
  process.exit(2);
}
const unavailable = await dockerUnavailable();
if (unavailable) {
  console.error(
    `Cannot build the ${project} image: ${unavailable}. Install Docker, or run tools/ci/setup.sh on Debian.`,
  );
  process.exit(1);
}
const plan = planImage(project);
console.log(`Building ${plan.tags.join(', ')}${plan.buildArgs.BASE_IMAGE ? ` on ${plan.buildArgs.BASE_IMAGE}` : ''}`);
await buildImage(plan).catch((error: Error) => {
  console.error(`Cannot build the ${project} image: ${error.message} (the output above says why)`);
  process.exit(1);
});
console.log(`Built ${plan.tags.join(', ')}`);
