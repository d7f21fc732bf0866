import type { ProseBlock, Runbook } from '../../src/rule-api.js';

/**
 * A contact field of a template, never filled in: `[Phone]`, `[24/7 contact]`, `[Conference
 * number]`, `[Support hotline]`. Who to call is known before the cutover starts; `[Name]`
 * alone, or `[Reason]`, is a form the operator fills in when it happens, and stays.
 */
const CONTACT_WORDS = [
  'contacts?',
  'phone',
  'telephone',
  'mobile',
  'e-?mail',
  'pager',
  'hotline',
  'helpline',
  'helpdesk',
  'dial-in',
  'on-call',
  // "conference" alone is a button to press; its number or bridge is a contact
  String.raw`(?:conference|bridge|support|escalation|emergency|sms|call)\s+(?:number|line|bridge|link|id|no\.?)`,
  String.raw`slack\s+(?:handle|channel)`,
  String.raw`mailing\s+list`,
];
export const CONTACT_FIELD = new RegExp(
  // not a footnote (`[^pager]`), not the wiki's `[email protected]` standing for an address
  // nor a wiki link (`[[On-call contacts]]`)
  String.raw`(?<!\[)\[(?![\^\s])(?!email protected\])` +
    String.raw`(?=[^[\]\n]{0,60}\b(?:${CONTACT_WORDS.join('|')})\b)[^[\]\n]{1,60}\](?!\])`,
  'gi',
);
/**
 * Fields of a record written when it happens: a contact beside them (`Paged: [Name] on [Phone]
 * at [Time]`) is part of that record, not a directory left blank.
 */
const WHEN_FIELD = /\[(?:time|date|timestamp|reason|duration|incident(?: id)?|ticket(?: id)?)\]/i;

/**
 * A contact field that is a gap, not a mention: not quoted (`type "[Email]"`), not a value the
 * reader is told to put in (`[Your email]`, as `<your-email>`), not a field of a record written
 * when it happens (a `[Time]` or `[Reason]` beside it).
 */
export function unfilledContact(text: string, at: number, field: string, inProse = true): boolean {
  if (inProse && (quoted(text, at) || text.charAt(at - 1) === '"' || text.charAt(at - 1) === '“')) return false;
  if (/^\[your\b/i.test(field)) return false;
  return !WHEN_FIELD.test(text) && standsAsValue(text, at, field.length);
}

/**
 * Whether a field stands where a value goes rather than as the noun a sentence opens with
 * ("[Email] sent to the customer" in a checklist): a gap is written after its label or a word
 * that leads to it ("call [Hotline] first"), or alone.
 */
function standsAsValue(text: string, at: number, length: number): boolean {
  // a task's checkbox (`- [x] [Email] sent`) is no label
  // trimmed by hand: a pattern anchored at the end would retry from every space of a long run
  let end = at;
  while (end > 0 && /[*_\s]/.test(text.charAt(end - 1))) end--;
  const before = text.slice(0, end).replace(/^\[[ xX]\]$/, '');
  const after = text.slice(at + length).trimStart();
  return before !== '' || after === '' || !/^[A-Za-z]/.test(after);
}

/** Cells of a column headed as a legend of fields (Field, Placeholder, Token): names, not blanks. */
export function legendCells(runbook: Runbook): ProseBlock[] {
  const out: ProseBlock[] = [];
  for (const table of runbook.tables)
    table.header.forEach((head, c) => {
      if (!/^(?:fields?|placeholders?|tokens?|variables?)$/i.test(head.text)) return;
      for (const row of table.rows) if (row[c]) out.push(row[c].prose);
    });
  return out;
}

/** Between a pair of quotation marks before the end of the sentence: "TODO" as a word mentioned. */
export function quoted(text: string, at: number): boolean {
  // ‘TBC’, 'TODO': right between single quotes
  const open = text.charAt(at - 1);
  if ((open === '‘' || open === "'") && /^[A-Z]+['’]/.test(text.slice(at))) return true;
  const before = text.slice(0, at);
  const opened = (before.match(/["“]/g) ?? []).length - (before.match(/”/g) ?? []).length;
  return opened % 2 === 1;
}
