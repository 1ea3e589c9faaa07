package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// allowedSchemes are the only schemes a link or image may carry. An
// allow-list, because a deny-list (goldmark's IsDangerousURL) misses schemes
// that browsers, plugins or the OS may handle in surprising ways, and it
// lets data:image/… through, which this site has no use for.
var allowedSchemes = map[string]bool{
	"http":   true,
	"https":  true,
	"mailto": true,
}

// safeURL reports whether url, exactly as it would be written into an href
// or src attribute, may stay there. It reads the URL the way a browser's URL
// parser does: leading C0 controls and spaces are skipped and tabs and
// newlines are ignored, so "  java\tscript:" is seen as "javascript:".
func safeURL(url []byte) bool {
	s := strings.TrimLeft(string(url), "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)

	// Scheme-relative: harmless on a web host, but from disk it resolves
	// to file://host/…, which on Windows is an SMB request to that host.
	// Browsers treat "\" as "/" here.
	if len(s) >= 2 && isSlash(s[0]) && isSlash(s[1]) {
		return false
	}
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return true // relative: path, query or fragment only
	}
	return allowedSchemes[strings.ToLower(s[:i])]
}

func isSlash(c byte) bool { return c == '/' || c == '\\' }

// relativeURL reports a URL (already passed by safeURL) without a scheme.
func relativeURL(u []byte) bool {
	s := strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(strings.TrimSpace(string(u)))
	i := strings.IndexAny(s, ":/?#")
	return i < 0 || s[i] != ':'
}

// nodeRenderer replaces goldmark's renderers for links, images, autolinks
// and text. The link ones differ from goldmark's in the URL check (safeURL)
// and in leaving out the href or src attribute instead of writing an empty
// one, since href="" still links to the page itself. Attributes from the
// {…} syntax are never written: that syntax is not enabled.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindText, renderText)
}

var textWriter = html.DefaultWriter

// renderText is goldmark's text renderer with one change: a soft line break
// between two East Asian wide characters is dropped instead of written as a
// newline, which browsers would show as a stray space in Chinese text typed
// with hard returns. goldmark's own EastAsianLineBreaks option does this
// too, but it also drops the break when the next node is not plain text
// ("first\n*second*" became "first<em>second</em>"), gluing words together;
// here the next character is looked up through inline markup instead.
func renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	v := n.Value(source)
	if n.IsRaw() {
		textWriter.RawWrite(w, v)
	} else {
		textWriter.Write(w, v)
	}
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		last, _ := utf8.DecodeLastRune(v)
		if !util.IsEastAsianWideRune(last) || !util.IsEastAsianWideRune(nextRune(source, n)) {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// nextRune returns the first character rendered after n within its block,
// looking into inline markup such as emphasis or links; utf8.RuneError if
// there is none or it cannot be told.
func nextRune(source []byte, n ast.Node) rune {
	for c := n.NextSibling(); c != nil; {
		var v []byte
		switch c := c.(type) {
		case *ast.Text:
			v = c.Value(source)
		case *ast.String:
			v = c.Value
		case *ast.AutoLink:
			v = c.Label(source)
		default:
			if c.FirstChild() == nil {
				return utf8.RuneError
			}
		}
		if v != nil {
			r, _ := utf8.DecodeRune(v)
			return r
		}
		c = c.FirstChild()
	}
	return utf8.RuneError
}

// writeURLAttr writes ` name="url"` when url is allowed, nothing otherwise.
// url is first put in the form goldmark writes: references and escapes
// resolved, then percent-encoded; that final form is what gets checked, so
// "&#106;avascript:" cannot slip past as something else.
func writeURLAttr(w util.BufWriter, name string, url []byte, resolve bool) {
	u := util.URLEscape(url, resolve)
	if !safeURL(u) {
		return
	}
	if name == "src" && !relativeURL(u) {
		// The site must work offline and never make a request to another
		// host when a page opens: images may only come with the site.
		return
	}
	_, _ = w.WriteString(" " + name + `="`)
	_, _ = w.Write(util.EscapeHTML(u))
	_ = w.WriteByte('"')
}

func writeTitleAttr(w util.BufWriter, title []byte) {
	if title == nil {
		return
	}
	_, _ = w.WriteString(` title="`)
	textWriter.Write(w, title)
	_ = w.WriteByte('"')
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a")
	writeURLAttr(w, "href", n.Destination, true)
	writeTitleAttr(w, n.Title)
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	_, _ = w.WriteString("<img")
	writeURLAttr(w, "src", n.Destination, true)
	_, _ = w.WriteString(` alt="`)
	writeAltText(w, source, n)
	_ = w.WriteByte('"')
	writeTitleAttr(w, n.Title)
	_ = w.WriteByte('>')
	return ast.WalkSkipChildren, nil
}

// writeAltText writes the text of n's descendants, escaped for an
// attribute; markup such as emphasis has no place in alt text.
func writeAltText(w util.BufWriter, source []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				textWriter.RawWrite(w, c.Value(source))
			} else {
				textWriter.Write(w, c.Value(source))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				_ = w.WriteByte(' ')
			}
		case *ast.String:
			textWriter.RawWrite(w, c.Value)
		case *ast.AutoLink:
			textWriter.RawWrite(w, c.Label(source))
		default:
			writeAltText(w, source, c)
		}
	}
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	_, _ = w.WriteString("<a")
	// Autolink text is taken literally by CommonMark: no entity or
	// backslash resolution, as in goldmark.
	writeURLAttr(w, "href", url, false)
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(n.Label(source)))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}
