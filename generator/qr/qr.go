// Package qr draws QR codes as inline SVG, for the printed briefing's
// "扫一扫在手机打开". It is the only importer of the QR library, and it emits
// the drawing itself: a single path of unit squares, so the code stays sharp
// at any print size and needs no image files.
package qr

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/yeqown/go-qrcode/v2"
)

// quiet is the margin of light modules the QR standard asks for.
const quiet = 4

// SVG returns an SVG drawing of a QR code for text (error correction level
// M, which survives the smudges of a photocopied page). label becomes the
// SVG's accessible title.
func SVG(text, label string) (template.HTML, error) {
	code, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	var w bitmapWriter
	if err := code.Save(&w); err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	size := len(w.bits) + 2*quiet
	var d strings.Builder
	for y, row := range w.bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="qr" role="img" shape-rendering="crispEdges"><title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		size, size, template.HTMLEscapeString(label), size, size, d.String())
	return template.HTML(svg), nil
}

// bitmapWriter receives the finished matrix from the library.
type bitmapWriter struct{ bits [][]bool }

func (w *bitmapWriter) Write(m qrcode.Matrix) error {
	w.bits = m.Bitmap()
	return nil
}

func (w *bitmapWriter) Close() error { return nil }
