import type { Node } from 'web-tree-sitter';
import type { CodeBlock } from '../document/index.js';

/** A syntax node's range in the Markdown file, through the block's one position map. */
export function nodeRange(block: CodeBlock, node: Node): [number, number] {
  return [block.toDoc(node.startIndex).offset, block.toDoc(node.endIndex).offset];
}

/** A range inside the block's text (e.g. a SQL token inside a string) in the Markdown file. */
export function textRange(block: CodeBlock, start: number, end: number): [number, number] {
  return [block.toDoc(start).offset, block.toDoc(end).offset];
}
