import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { words } from '../../src/text/words.js';
import { fcRuns } from '../helpers/fc-runs.js';

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

  it('gives the runs of [a-z0-9] of the humps-split, lowercased text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', '7', '_', ' ', 'é', '-', 'Z', 'q') }), (text) => {
        const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
        expect(words(text)).toEqual(spaced.match(/[a-z0-9]+/g) ?? []);
      }),
      fcRuns(300),
    );
  });
});
