package xlsx

// Limits bounds what Open and Rows accept. The zero value of each field means
// its default, so Limits{} is usable as is.
type Limits struct {
	// MaxPartSize is the most bytes one zip part may inflate to.
	// Default 256 MiB.
	MaxPartSize int64
	// MaxTotalSize is the most bytes all zip parts together may inflate to.
	// Default 256 MiB.
	MaxTotalSize int64
	// MaxColumns is the widest column (1-based) that may hold a value.
	// Default 256 (column IV); at most 16384 (XFD).
	MaxColumns int
	// MaxRows is the highest row number read. Default 100000; at most
	// 1048576.
	MaxRows int
	// TmpDir is the parent of the folder holding excelize's temporary files;
	// "" means os.TempDir(). The folder is created when excelize is opened
	// (writing, or a sheet the native reader hands over; reading alone
	// needs none) and Close removes it, so nothing is left behind in TmpDir.
	TmpDir string
}

const (
	mib = 1 << 20

	defaultMaxPartSize  = 256 * mib
	defaultMaxTotalSize = 256 * mib
	defaultMaxColumns   = 256
	defaultMaxRows      = 100000

	// Excel's own grid; excelize refuses anything beyond it.
	sheetMaxColumns = 16384
	sheetMaxRows    = 1048576

	// maxCellsBeyond is how many cells beyond MaxColumns a sheet may hold
	// before it is refused: empty formatted cells out there are common (a
	// whole row formatted by the clerk), tens of thousands are not.
	maxCellsBeyond = 10000
)

// xmlInMemoryLimit is excelize's UnzipXMLSizeLimit: worksheets larger than
// this are streamed from a temporary file instead of held in memory, and
// shared strings larger than this are read by another path, which the
// native reader leaves to excelize. A variable only so that tests can force
// those paths cheaply.
var xmlInMemoryLimit int64 = 16 * mib

// DefaultLimits returns the limits used for zero fields.
func DefaultLimits() Limits {
	return Limits{
		MaxPartSize:  defaultMaxPartSize,
		MaxTotalSize: defaultMaxTotalSize,
		MaxColumns:   defaultMaxColumns,
		MaxRows:      defaultMaxRows,
	}
}

// withDefaults fills zero (and nonsensical negative) fields and clamps the
// grid limits to what a sheet can hold.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = d.MaxPartSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = d.MaxTotalSize
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	l.MaxColumns = min(l.MaxColumns, sheetMaxColumns)
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	l.MaxRows = min(l.MaxRows, sheetMaxRows)
	return l
}
