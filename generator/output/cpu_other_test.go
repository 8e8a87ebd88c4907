//go:build !unix

package output

func cpuTime() int64 { return 0 }
