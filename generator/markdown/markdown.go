package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is shared by every call: goldmark's parser and renderer set themselves
// up once and keep per-conversion state in each call, so pages can be
// rendered from many goroutines (TestRenderConcurrent, under -race).
var md = goldmark.New(
	goldmark.WithParser(newParser()),
	goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
	),
	goldmark.WithRendererOptions(
		// A lower number wins over goldmark's own html renderer (1000).
		renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
	),
)

// newParser is goldmark's default parser without its two raw HTML parsers
// (the HTML block parser and the inline raw HTML parser). They are listed
// out, with goldmark's own priorities, rather than filtered from the
// defaults, so that a goldmark upgrade cannot bring an HTML parser back
// unnoticed.
func newParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// Render converts Markdown source to HTML that is safe to insert in a page
// unescaped. Invalid UTF-8 is replaced with U+FFFD first, so the output is
// always valid UTF-8. The error is only ever a failure inside goldmark.
func Render(src []byte) (template.HTML, error) {
	src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	var buf bytes.Buffer
	if err := md.Convert(src, &buf); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	// The HTML parsers are gone and every URL went through nodeRenderer,
	// which is what makes this conversion sound.
	return template.HTML(buf.String()), nil
}

// Title returns the plain text of the first level-1 heading of src, for
// navigation and <title>; "" if there is none. Only headings at the top
// level of the document count: a "# " inside a quote or a list item is part
// of that block, not the document's title. Entities and backslash escapes
// are resolved and inline markup is dropped, so "# 项目 **进展**" gives
// "项目 进展". The result is text, not HTML: escape it when writing it out.
func Title(src []byte) string {
	src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	doc := md.Parser().Parse(text.NewReader(src))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			var b strings.Builder
			plainText(&b, src, h)
			return strings.TrimSpace(joinLines(b.String()))
		}
	}
	return ""
}

// plainText appends the visible text of n's descendants to b, as a reader
// would see it rendered.
func plainText(b *strings.Builder, src []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			b.Write(v)
			switch {
			case c.HardLineBreak():
				b.WriteByte(' ')
			case c.SoftLineBreak():
				b.WriteByte('\n') // settled by joinLines
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			// Backslashes and entities are literal inside code.
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.WriteString(strings.ReplaceAll(string(t.Value(src)), "\n", " "))
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		default:
			plainText(b, src, c)
		}
	}
}

// joinLines turns each soft line break into a space, except between two
// East Asian wide characters, as renderText does, so that a title reads the
// same in the navigation as on the page.
func joinLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(line)
			if !util.IsEastAsianWideRune(prev) || !util.IsEastAsianWideRune(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// unescape resolves what goldmark's HTML writer resolves in text: backslash
// escapes and character references. NUL becomes U+FFFD as it does there.
func unescape(v []byte) []byte {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return bytes.ReplaceAll(v, []byte{0}, []byte("\uFFFD"))
}
