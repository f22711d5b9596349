// Plain values with no imports, so that browser bundles can take them without the schema library.

export const TASK_LIMITS = {
  titleMax: 200,
  descriptionMax: 1000,
  tagsMax: 10,
  tagMax: 32,
  pageMax: 100,
  pageDefault: 50,
  /**
   * A cursor's longest encoding: it holds the last row's sort key, at most a 200-character title, each character
   * at most 6 bytes once JSON-escaped, base64url-encoded (4/3), with the rest of the position; always within this.
   */
  cursorMax: 2048,
} as const;

/** Lowest to highest: the order the API sorts by. */
export const PRIORITIES = ['low', 'medium', 'high'] as const;

export const CHAT_LIMITS = {
  messageMax: 4000,
  /** Earlier messages replayed to the model with each new one. */
  historyMax: 20,
  conversationsPageMax: 50,
} as const;

export const AUDIT_LIMITS = {
  pageMax: 100,
  pageDefault: 50,
  /** A longer User-Agent is cut to this length before it is stored. */
  userAgentMax: 512,
} as const;

/** What an account may hold: bounded so that no field can grow a token, a header or a log line without limit. */
export const ACCOUNT_LIMITS = {
  nameMax: 100,
  /** RFC 5321's longest deliverable address. */
  emailMax: 254,
  imageUrlMax: 2048,
  passwordMin: 8,
  passwordMax: 128,
  /** zxcvbn's score (0-4) a new password needs: 3 is "safely unguessable" against an online or slow-hash attack. */
  passwordScoreMin: 3,
} as const;
