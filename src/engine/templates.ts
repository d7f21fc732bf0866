import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../package-info.js';
import { interpolate } from './messages.js';

const cache = new Map<string, string>();

/**
 * Reads rules/<id>/templates/<name> once per process. Templates are Markdown written with \n;
 * the caller converts line endings to the file's own.
 */
export function loadTemplate(ruleId: string, name: string): string {
  const key = `${ruleId}/${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(join(packageInfo().root, 'rules', ruleId, 'templates', name), 'utf8');
    cache.set(key, text);
  }
  return text;
}

export function renderTemplate(
  ruleId: string,
  name: string,
  data: Record<string, string | number>,
  eol: string,
): string {
  return interpolate(loadTemplate(ruleId, name), data).replace(/\r?\n/g, eol);
}
