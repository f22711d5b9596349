import { allContainers } from '../k8s/pods.js';
import type { Issue, Rule } from '../types.js';

/** The tag of an image reference (`registry:5000/repo:tag@sha256:...`), and whether it is pinned by digest. */
function parseImage(image: string): { tag?: string; digest: boolean } {
  const [name, digest] = image.split('@');
  const colon = name.lastIndexOf(':');
  return { tag: colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined, digest: digest !== undefined };
}

/** Images are pinned (a tag other than latest, or a digest); locally built (`:local`) ones are never pulled. */
export const images: Rule = {
  id: 'images',
  check: (objects) =>
    allContainers(objects).flatMap(({ template, container, path }): Issue[] => {
      const issue = (field: string, message: string) => [{ object: template.id, path: `${path}.${field}`, message }];
      const { image } = container;
      if (!image) return issue('image', `container "${container.name}" has no image`);
      const { tag, digest } = parseImage(image);
      if (!tag && !digest) return issue('image', `image "${image}" has no tag`);
      if (tag === 'latest') return issue('image', `image "${image}" uses the latest tag`);
      if (tag === 'local' && container.imagePullPolicy === 'Always') {
        return issue('imagePullPolicy', `image "${image}" is built locally; imagePullPolicy Always would pull it`);
      }
      return [];
    }),
};
