export { CodeBlock } from './code-block.js';
export { ProseBlock, type Sentence, sentenceRange, sentences } from './prose.js';
export { Runbook, type Table, type TableCell } from './runbook.js';
export { headingPath, type Section } from './sections.js';
