import { ruleTester } from '../../test/helpers/rule-tester.js';

const phpCall = 'Text.\n\n```php\n$to = $client->getRecipientByUuid($tenantId, $uuid);\n```\n';
const declarationInList =
  '- Add the method:\n\n  ```php\n  class MessagingServiceClient {\n' +
  '      public function getRecipientByUuid(string $uuid): ?string { return null; }\n  }\n  ```\n';

ruleTester('no-recipient-lookup', {
  valid: [
    {
      name: 'recipient taken from the map built at the entry point',
      code: '## Step 18\n\nThe recipient comes from `$recipientMap[$uuid]`, built with `$messageUuidMap`.\n',
    },
    {
      name: 'longer identifiers that only contain the name',
      code:
        'Call `getRecipientByUuidCached()` or `fetchRecipientByUuidV2()`; ' +
        '`$getRecipientByUuid_count` is a counter.\n',
    },
    {
      name: 'a code block using the recipient map',
      code: '```php\n$to = $recipientMap[$messageUuidMap[$sms->id]];\n```\n',
    },
    {
      name: 'the name inside a link destination is not text a reader sees',
      code: 'See [the removed lookup](https://wiki.example/getRecipientByUuid) for history.\n',
    },
    {
      name: 'a configured method list that does not include the default',
      code: 'Use `getRecipientByUuid()`.\n',
      options: { methods: ['lookupPhoneByMessageId'] },
    },
  ],
  invalid: [
    {
      name: 'plain prose',
      code: 'The phone number comes from getRecipientByUuid on the client.\n',
      errors: [{ messageId: 'prose', line: 1, column: 29, endLine: 1, endColumn: 47, suggestions: [] }],
      // the only sentence of the only paragraph: the paragraph goes, nothing is left
      output: '',
    },
    {
      name: 'inline code with the class arrow and different case',
      code: 'Use `MessagingServiceClient->getRecipientByUUID()` when needed.\n',
      errors: [{ messageId: 'prose', line: 1, column: 30, endLine: 1, endColumn: 48, suggestions: [] }],
      output: '',
    },
    {
      name: 'a table cell',
      code: '| Method | Purpose |\n|---|---|\n| `getRecipientByUuid()` | lookup |\n',
      errors: [{ messageId: 'prose', line: 3, column: 4, endLine: 3, endColumn: 22, suggestions: [] }],
      // a mention in a table cell is left to a person
      output: null,
    },
    {
      name: 'a heading',
      code: '## Why getRecipientByUuid is gone\n',
      errors: [{ messageId: 'prose', line: 1, column: 8, endLine: 1, endColumn: 26, suggestions: [] }],
      // a mention in a heading is left to a person
      output: null,
    },
    {
      name: 'a PHP call',
      code: phpCall,
      errors: [
        {
          messageId: 'code',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            { output: phpCall.replace('$client->getRecipientByUuid($tenantId, $uuid)', '$recipientMap[$uuid]') },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'a PHP method declaration inside a list item',
      code: declarationInList,
      errors: [
        {
          messageId: 'declaration',
          line: 5,
          column: 23,
          endLine: 5,
          endColumn: 41,
          suggestions: [
            {
              output: declarationInList.replace(
                '      public function getRecipientByUuid(string $uuid): ?string { return null; }\n',
                '',
              ),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'Go code in a blockquote',
      code: '> ```go\n> to := c.GetRecipientByUuid(ctx, id)\n> ```\n',
      errors: [{ messageId: 'code', line: 2, column: 11, endLine: 2, endColumn: 29, suggestions: [] }],
      // the $recipientMap read is PHP: a Go call has no fix
      output: null,
    },
    {
      name: 'half a declaration that does not parse is still a mention',
      code: '```php\npublic function getRecipientByUuid(string $uuid): ?string\n```\n',
      errors: [{ messageId: 'code', line: 2, column: 17, endLine: 2, endColumn: 35, suggestions: [] }],
      output: null,
    },
    {
      name: 'a PHP comment still names the method',
      code: '```php\n// resolve with getRecipientByUuid() later\n$to = null;\n```\n',
      errors: [{ messageId: 'code', line: 2, column: 17, endLine: 2, endColumn: 35, suggestions: [] }],
      // a mention in a code comment has no fix
      output: null,
    },
    {
      name: 'two mentions on one line, CRLF line endings',
      code: 'Intro.\r\n\r\nCall getRecipientByUuid, then getRecipientByUuid again.\r\n',
      errors: [
        { messageId: 'prose', line: 3, column: 6, endLine: 3, endColumn: 24, suggestions: [] },
        { messageId: 'prose', line: 3, column: 31, endLine: 3, endColumn: 49, suggestions: [] },
      ],
      // both mentions are in the paragraph's only sentence: one deletion of its line and the blank
      // line above it (the file ends as before, on one line ending), CRLF kept
      output: 'Intro.\r\n',
    },
    {
      name: 'a configured method name',
      code: 'Use `lookupPhoneByMessageId($uuid)` for the recipient.\n',
      options: { methods: ['lookupPhoneByMessageId'] },
      errors: [{ messageId: 'prose', line: 1, column: 6, endLine: 1, endColumn: 28, suggestions: [] }],
      output: '',
    },
  ],
});
