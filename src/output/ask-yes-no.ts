// A yes/no question on the terminal (stdin, asked on stderr): only "y" or "yes" is a yes; Ctrl-C or the
// end of input is a no.
import { createInterface } from 'node:readline';

export function askYesNo(question: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answered = false;
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      rl.close();
    });
    rl.on('close', () => {
      if (!answered) resolveAnswer(false);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolveAnswer(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
