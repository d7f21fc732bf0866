// What this rule's fixes insert, written out by hand: both test files compare against it.

export const mismatchRule = [
  '**Mismatch detection rule.** A mismatch exists when:',
  '',
  "1. a `message_uuid` is in `sms_logs` (source = 'go') but not in `go_sms_logs` → `missing_in_go`;",
  '2. a `message_uuid` is in `go_sms_logs` but not in `sms_logs` → `missing_in_laravel`;',
  '3. the `status` values of a matched pair differ → `status_mismatch`;',
  '4. the `provider_message_id` values of a matched pair differ → `provider_message_id_mismatch`.',
  '',
].join('\n');
