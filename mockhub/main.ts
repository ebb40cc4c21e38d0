#!/usr/bin/env node
// Stand-alone entry point (`node dist/mockhub/main.js …`), so tests can run the Hub as a process.
import { runMockHubCli } from "./cli";

runMockHubCli(process.argv.slice(2), process).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`webexhub mock-hub: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
