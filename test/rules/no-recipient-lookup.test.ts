import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('no-recipient-lookup', {
  valid: [
    {
      name: 'recipient taken from the map built at the entry point',
      code: '## Step 18\n\nThe recipient comes from `$recipientMap[$uuid]`, built with `$messageUuidMap`.\n',
    },
    {
      name: 'longer identifiers that only contain the name',
      code: 'Call `getRecipientByUuidCached()` or `fetchRecipientByUuidV2()`; `$getRecipientByUuid_count` is a counter.\n',
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
      errors: [{ messageId: 'prose', line: 1, column: 29 }],
    },
    {
      name: 'inline code with the class arrow and different case',
      code: 'Use `MessagingServiceClient->getRecipientByUUID()` when needed.\n',
      errors: [{ messageId: 'prose', line: 1, column: 30 }],
    },
    {
      name: 'a table cell',
      code: '| Method | Purpose |\n|---|---|\n| `getRecipientByUuid()` | lookup |\n',
      errors: [{ messageId: 'prose', line: 3, column: 4 }],
    },
    {
      name: 'a heading',
      code: '## Why getRecipientByUuid is gone\n',
      errors: [{ messageId: 'prose', line: 1, column: 8 }],
    },
    {
      name: 'a PHP call',
      code: 'Text.\n\n```php\n$to = $client->getRecipientByUuid($tenantId, $uuid);\n```\n',
      errors: [{ messageId: 'code', line: 4, column: 16 }],
    },
    {
      name: 'a PHP method declaration inside a list item',
      code: '- Add the method:\n\n  ```php\n  class MessagingServiceClient {\n      public function getRecipientByUuid(string $uuid): ?string { return null; }\n  }\n  ```\n',
      errors: [{ messageId: 'declaration', line: 5, column: 23 }],
    },
    {
      name: 'Go code in a blockquote',
      code: '> ```go\n> to := c.GetRecipientByUuid(ctx, id)\n> ```\n',
      errors: [{ messageId: 'code', line: 2, column: 11 }],
    },
    {
      name: 'half a declaration that does not parse is still a mention',
      code: '```php\npublic function getRecipientByUuid(string $uuid): ?string\n```\n',
      errors: [{ messageId: 'code', line: 2, column: 17 }],
    },
    {
      name: 'a PHP comment still names the method',
      code: '```php\n// resolve with getRecipientByUuid() later\n$to = null;\n```\n',
      errors: [{ messageId: 'code', line: 2, column: 17 }],
    },
    {
      name: 'two mentions on one line, CRLF line endings',
      code: 'Intro.\r\n\r\nCall getRecipientByUuid, then getRecipientByUuid again.\r\n',
      errors: [
        { messageId: 'prose', line: 3, column: 6 },
        { messageId: 'prose', line: 3, column: 31 },
      ],
    },
    {
      name: 'a configured method name',
      code: 'Use `lookupPhoneByMessageId($uuid)` for the recipient.\n',
      options: { methods: ['lookupPhoneByMessageId'] },
      errors: [{ messageId: 'prose', line: 1, column: 6 }],
    },
  ],
});
