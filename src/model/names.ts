/**
 * The words of an identifier, lower-cased: `LoadCredentials` → load, credentials;
 * `GoTransportException` → go, transport, exception; `provider_client` → provider, client;
 * `SMSLimit` → sms, limit; `\App\Jobs\LegacySendJob` → app, jobs, legacy, send, job. Rules read
 * the team's own naming through these words, never through substrings of text.
 */
export function identifierWords(name: string): string[] {
  return (name.replace(/^\$/, '').match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((w) => w.toLowerCase());
}
