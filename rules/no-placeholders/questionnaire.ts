import type { Nodes } from '../../src/rule-api.js';

interface Question {
  node: Nodes;
  answered: boolean;
  /** answered inside its own list item, not by what follows the list */
  inItem: boolean;
  list: Nodes;
}

/**
 * The questions of a questionnaire (a template's list of `**Question?**` items, as in a
 * production-readiness review) and whether each is answered: by more content in its item, or,
 * for a list's last item, by what follows the list before the next heading or rule. Link
 * definitions are no answer.
 */
export function questionnaire(root: Nodes, textOf: ReadonlyMap<Nodes, string>): Question[] {
  const out: Question[] = [];
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as Nodes;
    if (!('children' in parent)) continue;
    const siblings = parent.children as Nodes[];
    siblings.forEach((node, i) => {
      stack.push(node);
      if (node.type !== 'list') return;
      node.children.forEach((item, k) => {
        const [first, ...rest] = item.children;
        const question = first?.type === 'paragraph' ? first.children[0] : undefined;
        if (!first || question?.type !== 'strong') return;
        const asked = plainText(question);
        const text = (textOf.get(first) ?? '').trim();
        if (!asked.trim().endsWith('?') || !text.startsWith(asked.trim())) return;
        // "**Can it be rolled back?** Yes, …" answers on its own line or the next
        let answered = rest.length > 0 || text.length > asked.trim().length;
        if (!answered && k === node.children.length - 1) {
          const after = siblings.slice(i + 1);
          const end = after.findIndex((n) => n.type === 'heading' || n.type === 'thematicBreak');
          answered = (end < 0 ? after : after.slice(0, end)).some((n) => n.type !== 'definition' && n.type !== 'html');
        }
        out.push({ node: first, answered, inItem: rest.length > 0 || text.length > asked.trim().length, list: node });
      });
    });
  }
  return out;
}

function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}

/**
 * The lists that are part of a questionnaire: at least half of their questions answered inside
 * their items. A list of questions to ask a caller, a note under one of them or not, is none.
 */
export function answeringLists(questions: readonly Question[]): Set<Nodes> {
  const count = new Map<Nodes, { inItem: number; all: number }>();
  for (const q of questions) {
    const c = count.get(q.list) ?? { inItem: 0, all: 0 };
    c.all++;
    if (q.inItem) c.inItem++;
    count.set(q.list, c);
  }
  return new Set([...count].filter(([, c]) => c.inItem > 0 && 2 * c.inItem >= c.all).map(([list]) => list));
}
