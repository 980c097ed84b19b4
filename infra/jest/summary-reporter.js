// Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI log readers understand, after the
// ten slowest test files (where the suite's time goes, to keep `npm test` within its budget).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, testResults, startTime } = results;
    const slowest = testResults
      .map((r) => ({ file: r.testFilePath.replace(`${process.cwd()}/`, ''), seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 10);
    if (slowest.length > 1) {
      process.stdout.write(`\nslowest test files (wall ${((Date.now() - startTime) / 1000).toFixed(0)} s):\n`);
      for (const s of slowest) process.stdout.write(`  ${s.seconds.toFixed(1).padStart(6)} s  ${s.file}\n`);
    }
    process.stdout.write(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
