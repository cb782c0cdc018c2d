// Live progress of a round on stderr: one line per settled problem, or one line rewritten in place on a
// terminal.
import type { Writable } from 'node:stream';
import type { ProblemRow } from '../store/rounds.ts';
import type { ItemResult } from './item.ts';

export function createProgress(total: number, out: Writable & { isTTY?: boolean } = process.stderr) {
  const counts = { accepted: 0, dropped: 0, failed: 0, retry: 0 };
  let settled = 0;
  return (problem: ProblemRow, result: ItemResult | { status: 'retry'; reason: string }) => {
    counts[result.status]++;
    if (result.status !== 'retry') settled++;
    const line = `[${settled}/${total}] accepted ${counts.accepted}, dropped ${counts.dropped}, failed ${counts.failed}` +
      (counts.retry ? `, handed back ${counts.retry}` : '');
    if (out.isTTY) {
      out.write(`\r${line}${settled === total ? '\n' : ''}`);
    } else {
      const what = result.status === 'accepted' ? '' : ` (${result.reason ?? ''})`;
      out.write(`${line}  <- problem ${problem.seq} ${problem.topic}: ${result.status}${what}\n`);
    }
  };
}
