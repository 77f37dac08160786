#!/usr/bin/env node
import module from 'node:module';

// Compiled code is kept on disk between runs (Node 22+), so a command that starts again starts fast. It is
// switched on before anything else loads: the parser and the command list are cached too.
module.enableCompileCache?.();

const { main } = await import('./program');
const { reportError } = await import('./io');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err, false);
  },
);
