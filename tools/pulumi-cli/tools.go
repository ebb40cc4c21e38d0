//go:build tools

// Package tools pins the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
// so that scripts/ensure-pulumi.sh can build it reproducibly with
//
//	go build -o <dir>/pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
