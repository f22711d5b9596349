export const TEMPLATE_DATABASE = 'todo_template';
export const MIGRATIONS = new URL('../../migrations/', import.meta.url);
