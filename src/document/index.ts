export { CodeBlock } from './code-block.js';
export { LineIndex, dominantEol, type Point } from './line-index.js';
export { ProseBlock, sentences, type Sentence, type ProseKind } from './prose.js';
export { Runbook, type Table, type TableCell, type HtmlComment } from './runbook.js';
export { headingPath, isWithin, classifyHeading, type Section, type SectionKind } from './sections.js';
