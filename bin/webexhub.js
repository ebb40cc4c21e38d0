#!/usr/bin/env node
"use strict";
// The compiled CLI lives in dist/ (built by `npm install`'s prepare step or `npm run build`).
let main;
try {
  main = require("../dist/cli/main.js").main;
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main")) {
    process.stderr.write("webexhub: the CLI is not built yet; run `npm install` (or `npm run build`) in the package first.\n");
    process.exit(2);
  }
  throw error;
}
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    if (typeof code === "number") process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`webexhub: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
