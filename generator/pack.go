package generator

import (
	"tuijin/generator/codec"
	"tuijin/generator/model"
)

// packedLedger is a ledger encoded by the codec, in one piece. Each text
// is written once however many records repeat it (units, files, sheets,
// stages, documents), and the unpacked ledger shares one copy of each
// text, as a ledger read from the workbooks does. It is not compressed:
// on the benchmark's month (217,539 records, 9.2 MB packed) flate at its
// best speed would make it 3.2 MB but take as long again as packing, and
// inflating as long again as unpacking (BenchmarkPack), while the bytes
// only go to a temporary file.
type packedLedger []byte

// packRecordSize is about what a record takes packed (42 bytes on the
// benchmark's corpus), a little more, so that the buffer rarely grows:
// growing a month's buffer a few megabytes at a time left five times
// its size as garbage.
const packRecordSize = 48

func packLedger(l *model.Ledger) (packedLedger, error) {
	n := len(l.Projects) + len(l.Milestones) + len(l.Funds) + len(l.Issues) + len(l.Approvals)
	return codec.Append(make([]byte, 0, 64+n*packRecordSize), l)
}

func (p packedLedger) unpack() (*model.Ledger, error) {
	l := new(model.Ledger)
	if err := codec.Decode(p, l); err != nil {
		return nil, err
	}
	return l, nil
}
