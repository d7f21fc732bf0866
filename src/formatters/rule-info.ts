import { defaultOptionsOf } from '../config/rule-options.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import { primitiveOptions, settingsData } from '../engine/lint.js';
import { interpolate } from '../engine/messages.js';
import type { Rule } from '../engine/types.js';
import { packageInfo } from '../package-info.js';
import type { RuleInfo } from './types.js';

/**
 * What formats say about each rule. Descriptions and rationales are templates (`{{legacyName}}`):
 * they are filled with the default settings and the rule's default scalar options, the names
 * the messages use when nothing is configured, so no placeholder reaches a report.
 */
export function ruleInfos(rules: readonly Rule<unknown>[]): RuleInfo[] {
  const home = packageInfo().homepage;
  const settingsNames = settingsData(DEFAULT_SETTINGS);
  const namesOf = (r: Rule<unknown>): Record<string, string | number> => ({
    ...settingsNames,
    ...primitiveOptions(defaultOptionsOf(r)),
  });
  return rules.map((r) => ({
    id: r.meta.id,
    description: interpolate(r.meta.description, namesOf(r)),
    rationale: interpolate(r.meta.rationale, namesOf(r)),
    invariant: r.meta.invariant,
    fixable: r.meta.fixable,
    defaultSeverity: r.meta.defaultSeverity,
    helpUri: `${home}/blob/main/rules/${r.meta.id}/README.md`,
  }));
}
