// Runs the CLI from the TypeScript sources (tests spawn this through tsx); bin/switchboard.js
// does the same from the compiled output.
import { main } from './main.js';

process.exitCode = await main(process.argv);
