import type { Root } from 'mdast';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified, type Plugin } from 'unified';

/**
 * remark-gfm's table half, registered the way remark-gfm registers all of GFM. The other GFM
 * extensions — autolink literals above all — cost a third of the parse and no rule reads
 * what they produce (measured: see README "Performance").
 */
const remarkGfmTable: Plugin<[], Root> = function () {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
};

const processor = unified().use(remarkParse).use(remarkGfmTable).freeze();

/** Markdown → mdast with positions: CommonMark plus GFM tables (the mode table is one). */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
