//go:build tools

// Package tools pins the CoreDNS command so `go mod tidy` keeps its deps.
package tools

import _ "github.com/coredns/coredns"
