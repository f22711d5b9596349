export * from './limits.js';
export * from './task.js';
export * from './error.js';
export * from './health.js';
export * from './chat.js';
export * from './audit.js';
export * from './text.js';
export * from './date-time.js';
