import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** Markdown → mdast with positions; GFM for tables, which runbooks use for the mode table. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
