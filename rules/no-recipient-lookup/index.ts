import {
  type CodeBlock,
  defineRule,
  deleteCodeLines,
  dropSentence,
  type Edit,
  findIdentifier,
  type Node,
  option,
  type OptionsOf,
  phpCall,
  replaceNode,
  type RuleContext,
} from '../../src/rule-api.js';

/**
 * A declaration of the method is deleted; a call becomes a read of $recipientMap with the
 * call's UUID argument.
 */
function codeFix(
  node: Node,
  block: CodeBlock,
  context: RuleContext<Options>,
): { edit: () => Edit | null; declaration: boolean } | null {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'method_declaration' || n.type === 'function_definition') {
      const decl = n;
      return { edit: () => deleteCodeLines(context.runbook, block, decl), declaration: true };
    }
    const call = phpCall(n);
    if (call) {
      const uuid = call.args.find((a) => /uuid/i.test(a.value.text)) ?? call.args[call.args.length - 1];
      if (!uuid) return null;
      const callNode = n;
      return { edit: () => replaceNode(block, callNode, `$recipientMap[${uuid.value.text}]`), declaration: false };
    }
    if (n.type === 'comment') return null;
  }
  return null;
}

const OPTIONS = {
  methods: option.strings('method names that count as a recipient lookup', ['getRecipientByUuid'], { minItems: 1 }),
};

type Options = OptionsOf<typeof OPTIONS>;

export default defineRule({
  meta: {
    id: 'no-recipient-lookup',
    description: 'No mention of a recipient lookup by UUID (MessagingServiceClient->getRecipientByUuid()).',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      prose:
        '"{{name}}" is mentioned in the text: the recipient must come ' +
        'from the recipient map built at the entry point, not from a ' +
        'lookup by UUID.',
      code:
        '"{{name}}" is called or named in a {{lang}} block: the recipient ' +
        'must come from the recipient map built at the entry point, not ' +
        'from a lookup by UUID.',
      declaration:
        '"{{name}}" is declared in a {{lang}} block: the recipient must ' +
        'come from the recipient map built at the entry point, not from ' +
        'a lookup by UUID.',
    },
    rationale:
      'A recipient looked up by message_uuid after the UUID was made ' +
      'can resolve differently on a retry or a fallback than on the ' +
      'first attempt, and a failed lookup invites a re-send; the {{clientClass}} ' +
      'has no such method, so a step that calls it cannot be executed ' +
      'as written.',
    hints: {
      prose:
        'Delete the mention; read the recipient from $recipientMap, built ' +
        'once next to $messageUuidMap in the canonical controller step.',
      code: 'Delete the call; read the recipient from $recipientMap[$uuid], built once next to $messageUuidMap.',
      declaration: 'Delete the method; callers read the recipient from $recipientMap[$uuid].',
    },
    fixes: {
      prose: { description: 'Deleted the sentence that mentioned {{name}}.', kind: 'safe' },
      code: { description: 'Replaced the recipient lookup with a read of $recipientMap.', kind: 'unsafe' },
      declaration: { description: 'Deleted the recipient lookup method {{name}}().', kind: 'unsafe', deletes: true },
    },
    options: OPTIONS,
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
            ...(block.kind === 'paragraph' ? { fix: () => dropSentence(runbook, block, at) } : {}),
          });
        }
      }
      for (const block of runbook.codeBlocks) {
        const parsed = context.code.parse(block);
        for (const at of findIdentifier(block.text, name)) {
          const target = parsed?.block.lang === 'php' ? parsed.root.descendantForIndex(at) : null;
          const fix = target ? codeFix(target, block, context) : null;
          context.report({
            messageId: fix?.declaration ? 'declaration' : 'code',
            data: { name, lang: block.lang ?? 'code' },
            loc: { range: [block.toDoc(at).offset, block.toDoc(at + name.length).offset] },
            ...(fix ? { fix: fix.edit } : {}),
          });
        }
      }
    }
  },
});
