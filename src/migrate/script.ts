import { postgreSplitterOptions, splitQuery } from 'dbgate-query-splitter';

/**
 * A migration file read the way psql runs it: statement by statement, with explicit
 * BEGIN ... COMMIT blocks. Splitting SQL correctly means knowing about quotes, dollar
 * quotes and comments, so a maintained splitter does it.
 */
export type Step = { kind: 'block'; statements: string[] } | { kind: 'statement'; statement: string };

const leadingComments = /^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*\s*/;

export function splitStatements(sql: string): string[] {
  return (splitQuery(sql, postgreSplitterOptions) as unknown[])
    .map((piece) => (typeof piece === 'string' ? piece : String((piece as { text: string }).text)))
    .filter((statement) => stripLeadingComments(statement).length > 0);
}

export function stripLeadingComments(statement: string): string {
  return statement.replace(leadingComments, '').trim();
}

function keyword(statement: string): string {
  return stripLeadingComments(statement).split(/\s+/, 1)[0]!.toUpperCase();
}

const BLOCK_START = new Set(['BEGIN', 'START']);
const BLOCK_END = new Set(['COMMIT', 'END']);

export function parseSteps(sql: string, fileName: string): Step[] {
  const steps: Step[] = [];
  let block: string[] | undefined;
  for (const statement of splitStatements(sql)) {
    const word = keyword(statement);
    if (BLOCK_START.has(word) && !/^DO\b/i.test(statement)) {
      if (block) throw new Error(`${fileName}: BEGIN inside a BEGIN ... COMMIT block`);
      block = [];
    } else if (BLOCK_END.has(word)) {
      if (!block) throw new Error(`${fileName}: COMMIT without a BEGIN`);
      steps.push({ kind: 'block', statements: block });
      block = undefined;
    } else if (word === 'ROLLBACK') {
      throw new Error(`${fileName}: ROLLBACK has no place in a migration file`);
    } else if (block) {
      block.push(statement);
    } else {
      steps.push({ kind: 'statement', statement });
    }
  }
  if (block) throw new Error(`${fileName}: BEGIN without a COMMIT`);
  return steps;
}

/**
 * The statements of a file that runs as one transaction. It may be wrapped in one
 * BEGIN ... COMMIT (so that psql, too, runs it atomically), but it may not manage
 * transactions of its own inside.
 */
export function transactionalStatements(sql: string, fileName: string): string[] {
  const steps = parseSteps(sql, fileName);
  const blocks = steps.filter((step) => step.kind === 'block');
  if (blocks.length === 0) return steps.map((step) => (step as { statement: string }).statement);
  if (steps.length === 1) return blocks[0]!.statements;
  throw new Error(
    `${fileName}: a transactional migration may be wrapped in one BEGIN ... COMMIT, but this file has ${blocks.length} block(s) among other statements; start it with "-- switchboard:no-transaction" if it manages its own transactions`,
  );
}
