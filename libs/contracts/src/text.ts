// What a text column can hold, as JSON Schema patterns (plain strings, so Ajv, TypeBox and zod read them alike).
// PostgreSQL's text cannot hold NUL, and no field has a use for control characters; multi-line fields keep tab,
// line feed and carriage return. Each pattern is linear: a lookahead finds a non-space, one class covers the rest.

const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
const CONTROL_BUT_LINES = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

export const TEXT_PATTERNS = {
  /** One line, may be blank (a search). */
  line: `^[^${CONTROL}]*$`,
  /** One line with something in it (a title). */
  filledLine: `^(?=[\\s\\S]*\\S)[^${CONTROL}]*$`,
  /** One line without leading or trailing space (a tag). */
  trimmedLine: `^(?!\\s)(?![\\s\\S]*\\s$)[^${CONTROL}]*$`,
  /** Several lines, may be blank (a description). */
  text: `^[^${CONTROL_BUT_LINES}]*$`,
  /** Several lines with something in them (a chat message). */
  filledText: `^(?=[\\s\\S]*\\S)[^${CONTROL_BUT_LINES}]*$`,
} as const;

/** The validation message of each pattern: the field is named beside it. */
export const TEXT_PATTERN_MESSAGES: Record<string, string> = {
  [TEXT_PATTERNS.line]: 'must not contain control characters',
  [TEXT_PATTERNS.filledLine]: 'must not be blank or contain control characters',
  [TEXT_PATTERNS.trimmedLine]: 'must not start or end with a space or contain control characters',
  [TEXT_PATTERNS.text]: 'must not contain control characters other than tab and line breaks',
  [TEXT_PATTERNS.filledText]: 'must not be blank or contain control characters other than tab and line breaks',
};
