// Prints the plain closing line "N passed, N failed, N skipped" that CI reads, after
// vitest's own report (vitest's summary is printed in onFinished, so this runs there too,
// registered after the default reporter).
import type { Reporter } from 'vitest/reporters';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    const visit = (task: Task): void => {
      if (task.type === 'test') {
        if (task.result?.state === 'pass') passed++;
        else if (task.result?.state === 'fail') failed++;
        else skipped++;
      } else {
        if (task.type === 'suite' && task.result?.state === 'fail' && !(task.tasks ?? []).length) failed++;
        for (const child of task.tasks ?? []) visit(child);
      }
    };
    for (const file of files) {
      if (file.result?.state === 'fail' && !(file.tasks ?? []).length) failed++;
      visit(file);
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
