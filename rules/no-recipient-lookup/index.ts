import { findIdentifier } from '../../src/analysis/identifiers.js';
import { defineRule } from '../../src/engine/types.js';

export interface Options {
  methods: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'no-recipient-lookup',
    description: 'No mention of a recipient lookup by UUID (MessagingServiceClient->getRecipientByUuid()).',
    invariant: null,
    fixable: false,
    defaultSeverity: 'error',
    messages: {
      prose: '"{{name}}" is mentioned in the text: the recipient must come from the recipient map built at the entry point, not from a lookup by UUID.',
      code: '"{{name}}" is called or declared in a {{lang}} block: the recipient must come from the recipient map built at the entry point, not from a lookup by UUID.',
    },
    rationale:
      'A recipient looked up by message_uuid after the UUID was made can resolve differently on a retry or a fallback than on the first attempt, and a failed lookup invites a re-send; the {{clientClass}} has no such method, so a step that calls it cannot be executed as written.',
    hints: {
      prose: 'Delete the mention; read the recipient from $recipientMap, built once next to $messageUuidMap in the canonical controller step.',
      code: 'Delete the call or declaration; read the recipient from $recipientMap[$uuid], built once next to $messageUuidMap.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { methods: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
    },
    defaultOptions: { methods: ['getRecipientByUuid'] },
  },
  check(context) {
    const { runbook, options } = context;
    for (const name of options.methods) {
      for (const block of runbook.prose) {
        for (const at of findIdentifier(block.text, name)) {
          context.report({
            messageId: 'prose',
            data: { name },
            loc: { range: [block.docOffset(at), block.docOffset(at + name.length, 'end')] },
          });
        }
      }
      for (const block of runbook.codeBlocks) {
        for (const at of findIdentifier(block.text, name)) {
          context.report({
            messageId: 'code',
            data: { name, lang: block.lang ?? 'code' },
            loc: { range: [block.toDoc(at).offset, block.toDoc(at + name.length).offset] },
          });
        }
      }
    }
  },
});
