import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * zxcvbn with the common and English dictionaries: a bundle of its own beside server.cjs (esbuild.config.mjs), imported
 * on the first password check, since building the ranked dictionaries costs about as much as the rest of start-up.
 */
export const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});
