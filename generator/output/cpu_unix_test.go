//go:build unix

package output

import "syscall"

// cpuTime is the process's user+system time in ns: on a shared machine it
// says more than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
