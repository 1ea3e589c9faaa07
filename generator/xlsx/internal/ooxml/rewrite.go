// Package ooxml edits parts of a saved .xlsx package where excelize's API
// cannot: cached formula values for test fixtures, styles and defined names
// for annotated copies. It is shared by the xlsx package and its test
// helper so that the zip handling exists once.
package ooxml

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
)

// Edit returns the new content of a part.
type Edit func([]byte) ([]byte, error)

// Rewrite copies the package zr, replacing each part named in edits with
// what its Edit returns; other parts are copied byte for byte, compressed
// as they were.
func Rewrite(zr *zip.Reader, edits map[string]Edit) ([]byte, error) {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		edit := edits[zf.Name]
		if edit == nil {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		data, err := ReadPart(zf)
		if err != nil {
			return nil, err
		}
		if data, err = edit(data); err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ReadPart reads one part whole.
func ReadPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
