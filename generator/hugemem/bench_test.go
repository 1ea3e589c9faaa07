package hugemem

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkFirstWrite writes one byte into each 4 KB page of a 32 MB
// slice made by Make or by make, in a new process each time (memory a
// process already had is no measure: the runtime keeps and reuses it),
// and reports the page faults the writing took (minor-faults/op; 0 where
// they cannot be read). With transparent huge pages given on request, a
// few dozen against several thousand.
func BenchmarkFirstWrite(b *testing.B) {
	for _, how := range []string{"Make", "make"} {
		b.Run(how, func(b *testing.B) {
			var faults int64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestFirstWriteChild$", "-test.count=1")
				cmd.Env = append(os.Environ(), "HUGEMEM_CHILD="+how)
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("child: %v\n%s", err, out)
				}
				_, after, ok := strings.Cut(string(out), "faults ")
				n, err := strconv.ParseInt(strings.Fields(after + " x")[0], 10, 64)
				if !ok || err != nil {
					b.Fatalf("child said %q", out)
				}
				faults += n
			}
			b.ReportMetric(float64(faults)/float64(b.N), "minor-faults/op")
		})
	}
}

// TestFirstWriteChild is BenchmarkFirstWrite's child; it does nothing in
// a normal test run.
func TestFirstWriteChild(t *testing.T) {
	how := os.Getenv("HUGEMEM_CHILD")
	if how == "" {
		t.Skip("only run by BenchmarkFirstWrite")
	}
	const size = 32 << 20
	before := minorFaults()
	var s []byte
	if how == "Make" {
		s = Make[byte](size)
	} else {
		s = make([]byte, size)
	}
	for i := 0; i < len(s); i += 4096 {
		s[i] = 1
	}
	fmt.Printf("faults %d\n", minorFaults()-before)
}
