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
  legacySendCalls: ['legacySend', 'legacy_send', 'legacySendFallback', 'legacy_send_fallback', 'sendViaGateway', 'sendLegacy'],
};

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    legacyLogTable: { type: 'string', minLength: 1 },
    newLogTable: { type: 'string', minLength: 1 },
    controllerPath: { type: 'string', minLength: 1 },
    legacyName: { type: 'string', minLength: 1 },
    newServiceName: { type: 'string', minLength: 1 },
    clientClass: { type: 'string', minLength: 1 },
    timeoutMs: { type: 'number', exclusiveMinimum: 0 },
    modes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        off: { type: 'string', minLength: 1 },
        shadow: { type: 'string', minLength: 1 },
        on: { type: 'string', minLength: 1 },
      },
    },
    newServiceCalls: { type: 'array', items: { type: 'string', minLength: 1 } },
    legacySendCalls: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

export function mergeSettings(partial: Partial<Omit<Settings, 'modes'>> & { modes?: Partial<Settings['modes']> } | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...(partial ?? {}),
    modes: { ...DEFAULT_SETTINGS.modes, ...(partial?.modes ?? {}) },
  };
}
