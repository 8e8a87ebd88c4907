//go:build race

package main

// raceDetector is whether the race detector is on: it keeps shadow memory
// for every allocation, so resident memory says nothing of the program's.
const raceDetector = true
