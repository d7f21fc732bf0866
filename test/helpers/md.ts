/** A fenced block: the code's line n is the document's line n + 1 (plus `offset` lines before the fence). */
export const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\`\n`;
export const php = (code: string): string => fence('php', code);
export const go = (code: string): string => fence('go', code);
export const sql = (code: string): string => fence('sql', code);
