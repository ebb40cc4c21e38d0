//go:build tools

// Package tools pins actionlint, the GitHub Actions workflow checker that test/ci runs on
// examples/ci; scripts/ensure-actionlint.sh builds it from this module into .tools/bin.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
