import { ruleTester } from '../../test/helpers/rule-tester.js';

ruleTester('step-references', {
  valid: [
    { name: 'a finished sentence', code: 'Laravel writes `sms_logs`. Roll back by setting `SMS_GO_MODE=OFF`.\n' },
    {
      name: 'a marker inside a longer word',
      code: 'Laravel writes `sms_logs`. The todolist service is not touched.\n',
    },
    { name: 'another migration is not this rule’s business', code: 'Move the cron jobs. TODO: say when.\n' },
  ],
  invalid: [
    {
      name: 'a TODO in a paragraph',
      code: 'Laravel writes `sms_logs`. TODO: say when.\n',
      errors: [{ messageId: 'unfinished', line: 1, column: 28, endLine: 1, endColumn: 43 }],
    },
  ],
});
