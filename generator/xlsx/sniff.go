package xlsx

import (
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/richardlehane/mscfb"
)

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
)

// sniff classifies the file by its first bytes. It returns nil when the file
// starts like a zip and should go on to the zip checks.
func sniff(f *os.File) *FileError {
	head := make([]byte, len(oleMagic))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fileErr(RuleFileUnreadable, msgUnreadable, err)
	}
	head = head[:n]
	switch {
	case bytes.Equal(head, oleMagic):
		// Excel wraps a password-protected .xlsx in the same OLE container
		// as a legacy .xls, so the magic alone cannot tell them apart; the
		// stream names can.
		if oleEncrypted(f) {
			return fileErr(RuleFileEncrypted, msgEncrypted, nil)
		}
		return fileErr(RuleFileXLS, msgXLS, nil)
	case !bytes.HasPrefix(head, zipMagic):
		return fileErr(RuleFileNotZip, msgNotZip, nil)
	}
	return nil
}

// oleEncrypted reports whether the OLE compound file holds the two streams
// of an encrypted OOXML package ([MS-OFFCRYPTO] 2.3.4). A container the
// parser cannot read counts as not encrypted: it is then most likely a
// damaged .xls, and "save as .xlsx" is still the right advice.
func oleEncrypted(f io.ReaderAt) (encrypted bool) {
	defer func() {
		// mscfb parses hostile bytes; a panic there must not take the
		// caller down, and the answer is then simply "not encrypted".
		if recover() != nil {
			encrypted = false
		}
	}()
	r, err := mscfb.New(f)
	if err != nil {
		return false
	}
	var info, pkg bool
	for e, err := r.Next(); err == nil; e, err = r.Next() {
		if len(e.Path) != 0 {
			continue // only streams in the root storage count
		}
		switch e.Name {
		case "EncryptionInfo":
			info = true
		case "EncryptedPackage":
			pkg = true
		}
	}
	return info && pkg
}
