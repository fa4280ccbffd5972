import { once } from 'node:events';
import { createWriteStream, WriteStream } from 'node:fs';
import { csvLine } from './csv';
import { ImportProblem } from './import-problem';

/**
 * The error report: `line,field,reason`, UTF-8 with a byte-order mark so spreadsheet programs show the Chinese
 * reasons. Reasons never carry a resident ID in clear, so the report may be passed around.
 */
export class ProblemReport {
  private readonly out: WriteStream;
  private pending = `\uFEFF${csvLine(['line', 'field', 'reason'])}`;
  private closing?: Promise<void>;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  add(problem: ImportProblem): void {
    this.pending += csvLine([problem.line, problem.field, problem.reason]);
    if (this.pending.length > 64 * 1024) this.flush();
  }

  /** Safe to call again, e.g. once on success and once more while cleaning up after a failure. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flush();
      const finished = once(this.out, 'finish');
      this.out.end();
      await finished;
    })();
    return this.closing;
  }

  private flush(): void {
    this.out.write(this.pending);
    this.pending = '';
  }
}
