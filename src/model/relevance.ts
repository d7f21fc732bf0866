import type { Settings } from '../config/settings.js';
import type { Runbook } from '../document/index.js';
import { controllerNames } from './controller-steps.js';
import { findIdentifier } from '../text/identifiers.js';

/**
 * Whether the runbook is about the configured migration: it names one of its log tables, the
 * client class or the controller somewhere. A DNS cutover or a database upgrade linted with
 * the same config is not asked for SMS invariants.
 */
export function isAboutMigration(runbook: Runbook, settings: Settings): boolean {
  const names = [settings.legacyLogTable, settings.newLogTable, settings.clientClass, ...controllerNames(settings)];
  const mentions = (text: string): boolean => names.some((n) => findIdentifier(text, n).length > 0);
  return runbook.prose.some((p) => mentions(p.text)) || runbook.codeBlocks.some((b) => mentions(b.text));
}
