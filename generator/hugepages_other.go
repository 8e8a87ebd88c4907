//go:build !(linux && (amd64 || arm64))

package main

// adviseHugePages is a Linux matter: see hugepages_linux.go.
func adviseHugePages() {}
