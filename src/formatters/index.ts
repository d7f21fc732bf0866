import { escapeJsonText } from './escape.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import { summary } from './summary.js';
import type { Formatter } from './types.js';

/** JSON formats with bidi, zero-width and C1 characters as \uXXXX escapes: the same strings once parsed. */
const escapedJson =
  (f: Formatter): Formatter =>
  (results, ctx) =>
    escapeJsonText(f(results, ctx));

export const formatters: Record<string, Formatter> = {
  stylish,
  json: escapedJson(json),
  sarif: escapedJson(sarif),
  github,
  junit,
  summary,
};
export type { FormatContext, Formatter } from './types.js';
