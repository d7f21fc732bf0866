import { describe, expect, it } from 'vitest';
import { words } from '../../src/text/words.js';

describe('words', () => {
  it('splits on anything but ASCII letters and digits, and camelCase humps', () => {
    expect(words('message_uuid, messageUuidMap and `sms_logs`; UUID v4!')).toEqual([
      'message',
      'uuid',
      'message',
      'uuid',
      'map',
      'and',
      'sms',
      'logs',
      'uuid',
      'v4',
    ]);
    expect(words('')).toEqual([]);
    expect(words('  ——  ')).toEqual([]);
    expect(words('end42')).toEqual(['end42']);
  });
});
