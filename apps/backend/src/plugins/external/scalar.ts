// Scalar's API reference plugin, whose page carries about 5 MB of JavaScript: a bundle of its own beside server.cjs
// (esbuild.config.mjs), imported by the docs routes on the first /docs request.
export { default } from '@scalar/fastify-api-reference';
