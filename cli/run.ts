import { main } from './main';

// Exit only once stdout has drained: a large `--json` answer written to a pipe is flushed asynchronously, and
// process.exit() right after the write would cut it short.
main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
