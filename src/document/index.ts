export { CodeBlock } from './code-block.js';
export { ProseBlock, sentences, type Sentence } from './prose.js';
export { Runbook, type Table, type TableCell } from './runbook.js';
export { headingPath, type Section } from './sections.js';
