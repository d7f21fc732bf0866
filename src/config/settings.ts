/**
 * Names that differ between teams. Defaults are the SMS migration's, so the runbook that
 * started the project lints with no configuration at all.
 */
export interface Settings {
  /** the log table only the legacy side may write */
  legacyLogTable: string;
  /** the new service's own log table */
  newLogTable: string;
  /** the controller the migration changes */
  controllerPath: string;
  /** how the runbook names the legacy system and the new service in prose and tables */
  legacyName: string;
  newServiceName: string;
  /** the legacy side's client for the new service */
  clientClass: string;
  /** the budget for one call to the new service, in milliseconds */
  timeoutMs: number;
  /** the execution modes, by role */
  modes: { off: string; shadow: string; on: string };
  /** legacy-side calls that hand messages to the new service */
  newServiceCalls: string[];
  /** legacy-side calls that send through the legacy driver */
  legacySendCalls: string[];
  /** `verify`: the repository's PHP and Go files the invariant rules read, as globs from its root */
  codeGlobs: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  legacyLogTable: 'sms_logs',
  newLogTable: 'go_sms_logs',
  controllerPath: 'app/Http/Controllers/SmsController.php',
  legacyName: 'Laravel',
  newServiceName: 'Go',
  clientClass: 'MessagingServiceClient',
  timeoutMs: 500,
  modes: { off: 'OFF', shadow: 'SHADOW', on: 'ON' },
  newServiceCalls: ['sendBatch', 'attemptGoSend', 'shadowGoSend', 'goSend', 'go_send'],
  legacySendCalls: [
    'legacySend',
    'legacy_send',
    'legacySendFallback',
    'legacy_send_fallback',
    'sendViaGateway',
    'sendLegacy',
  ],
  codeGlobs: ['app/**/*.php', 'routes/**/*.php', 'config/**/*.php', 'database/migrations/**/*.php', 'services/**/*.go'],
};

/** A name (table, class, mode, call): at most NAME_MAX characters; a list of names: at most LIST_MAX. */
export const NAME_MAX = 200;
export const PATH_MAX = 1024;
export const LIST_MAX = 100;

const name = { type: 'string', minLength: 1, maxLength: NAME_MAX } as const;
const names = { type: 'array', items: name, maxItems: LIST_MAX } as const;

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    legacyLogTable: name,
    newLogTable: name,
    controllerPath: { type: 'string', minLength: 1, maxLength: PATH_MAX },
    legacyName: name,
    newServiceName: name,
    clientClass: name,
    timeoutMs: { type: 'number', exclusiveMinimum: 0 },
    modes: {
      type: 'object',
      additionalProperties: false,
      properties: { off: name, shadow: name, on: name },
    },
    newServiceCalls: names,
    legacySendCalls: names,
    codeGlobs: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: PATH_MAX },
      maxItems: LIST_MAX,
      minItems: 1,
    },
  },
} as const;

/** Defaults, overridden by the settings the config gives (own keys of the schema only, as checked). */
export function mergeSettings(
  partial: (Partial<Omit<Settings, 'modes'>> & { modes?: Partial<Settings['modes']> }) | undefined,
): Settings {
  const given = (partial ?? {}) as Record<string, unknown>;
  const out = { ...DEFAULT_SETTINGS, modes: { ...DEFAULT_SETTINGS.modes } } as Record<string, unknown> & Settings;
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    if (key !== 'modes' && Object.hasOwn(given, key) && given[key] !== undefined) out[key] = given[key];
  }
  const modes = (Object.hasOwn(given, 'modes') ? given.modes : undefined) as Record<string, unknown> | undefined;
  for (const role of ['off', 'shadow', 'on'] as const) {
    if (modes && Object.hasOwn(modes, role) && typeof modes[role] === 'string') out.modes[role] = modes[role];
  }
  return out;
}
