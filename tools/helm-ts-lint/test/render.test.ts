import { describe, expect, it } from 'vitest';
import { helmTemplateArgs } from '../src/index.js';

// renderChart itself runs the real helm binary: the chart's own tests exercise it.
describe('helmTemplateArgs', () => {
  it('renders one release into one namespace with the values files in order', () => {
    const args = helmTemplateArgs({
      helm: 'helm',
      chart: 'deploy/charts/todo',
      valuesFiles: ['deploy/environments/staging.yaml', 'extra.yaml'],
      release: 'todo',
      namespace: 'todo-staging',
    });
    expect(args).toEqual([
      'template',
      'todo',
      'deploy/charts/todo',
      '--namespace',
      'todo-staging',
      '-f',
      'deploy/environments/staging.yaml',
      '-f',
      'extra.yaml',
    ]);
  });
});
