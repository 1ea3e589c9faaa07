package markdown

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "gfm table",
			src:  "| 项目 | 金额（万元） |\n|:--|--:|\n| 甲 | 1.00 |\n| 乙 | `2` |\n",
			want: "<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">项目</th>\n<th style=\"text-align:right\">金额（万元）</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td style=\"text-align:left\">甲</td>\n<td style=\"text-align:right\">1.00</td>\n</tr>\n" +
				"<tr>\n<td style=\"text-align:left\">乙</td>\n<td style=\"text-align:right\"><code>2</code></td>\n</tr>\n</tbody>\n</table>\n",
		},
		{
			name: "strikethrough",
			src:  "~~已取消~~",
			want: "<p><del>已取消</del></p>\n",
		},
		{
			name: "heading has no id",
			src:  "# 项目进展\n\n## 2024 年",
			want: "<h1>项目进展</h1>\n<h2>2024 年</h2>\n",
		},
		{
			name: "soft break between Chinese characters dropped",
			src:  "项目\n进展\n\nfirst\nsecond",
			want: "<p>项目进展</p>\n<p>first\nsecond</p>\n",
		},
		{
			name: "invalid utf-8 replaced",
			src:  "a\xffb",
			want: "<p>a\uFFFDb</p>\n",
		},

		// Raw HTML is text.
		{
			name: "script block",
			src:  "<script>alert(1)</script>",
			want: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
		},
		{
			name: "inline script",
			src:  "前 <script>alert(1)</script> 后",
			want: "<p>前 &lt;script&gt;alert(1)&lt;/script&gt; 后</p>\n",
		},
		{
			name: "raw anchor",
			src:  `<a href="javascript:alert(1)">x</a>`,
			want: "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>\n",
		},
		{
			name: "raw html block",
			src:  "<div onclick=\"x()\">\n*内容*\n</div>",
			want: "<p>&lt;div onclick=&quot;x()&quot;&gt;\n<em>内容</em>\n&lt;/div&gt;</p>\n",
		},
		{
			name: "soft break before markup kept",
			src:  "first\n*second*\n[third](t.html)\n项目\n**进展**",
			want: "<p>first\n<em>second</em>\n<a href=\"t.html\">third</a>\n项目<strong>进展</strong></p>\n",
		},
		{
			name: "html comment",
			src:  "<!-- x -->",
			want: "<p>&lt;!-- x --&gt;</p>\n",
		},

		// Disallowed destinations lose the attribute.
		{
			name: "javascript link",
			src:  "[x](javascript:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "mixed case scheme",
			src:  "[x](JaVaScRiPt:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "leading space",
			src:  "[x]( javascript:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "numeric entity in scheme",
			src:  "[x](&#106;avascript:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "tab entity inside scheme",
			src:  "[x](java&#x09;script:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "leading control entity",
			src:  "[x](&#x01;javascript:alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "named entity colon",
			src:  "[x](javascript&colon;alert(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "angle destination with space",
			src:  "[x](< javascript:alert(1)>)",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "vbscript",
			src:  "[x](vbscript:msgbox(1))",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "file",
			src:  "[x](file:///etc/passwd)",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "data link",
			src:  "[x](data:text/html;base64,PHNjcmlwdD4=)",
			want: "<p><a>x</a></p>\n",
		},
		{
			name: "data image",
			src:  "![图](data:image/png;base64,iVBORw0KGgo=)",
			want: "<p><img alt=\"图\"></p>\n",
		},
		{
			name: "data image keeps alt text and title",
			src:  `![图 *一*](data:image/svg+xml,x "标题")`,
			want: "<p><img alt=\"图 一\" title=\"标题\"></p>\n",
		},
		{
			name: "javascript image",
			src:  "![i](javascript:alert(1))",
			want: "<p><img alt=\"i\"></p>\n",
		},
		{
			name: "javascript autolink",
			src:  "<javascript:alert(1)>",
			want: "<p><a>javascript:alert(1)</a></p>\n",
		},
		{
			name: "ftp bare url",
			src:  "ftp://example.com/x",
			want: "<p><a>ftp://example.com/x</a></p>\n",
		},
		{
			name: "javascript reference link",
			src:  "[x][1]\n\n[1]: javascript:alert(1) \"t\"",
			want: "<p><a title=\"t\">x</a></p>\n",
		},
		{
			name: "scheme-relative",
			src:  "[x](//evil.example/a) ![i](//evil.example/i.png)",
			want: "<p><a>x</a> <img alt=\"i\"></p>\n",
		},
		{
			name: "unknown scheme",
			src:  "[x](tel:123) [y](Data:x)",
			want: "<p><a>x</a> <a>y</a></p>\n",
		},

		// Allowed destinations are kept.
		{
			name: "http https mailto",
			src:  "[a](http://example.com) [b](HTTPS://example.com/p?q=1&r=2) [c](mailto:a@example.com)",
			want: "<p><a href=\"http://example.com\">a</a> <a href=\"HTTPS://example.com/p?q=1&amp;r=2\">b</a> <a href=\"mailto:a@example.com\">c</a></p>\n",
		},
		{
			name: "relative",
			src:  "[a](../项目/甲.html#进度) [b](#f) [c](?q=1) [d](p.html) [e]() [f](/abs)",
			want: "<p><a href=\"../%E9%A1%B9%E7%9B%AE/%E7%94%B2.html#%E8%BF%9B%E5%BA%A6\">a</a> <a href=\"#f\">b</a> <a href=\"?q=1\">c</a> <a href=\"p.html\">d</a> <a href=\"\">e</a> <a href=\"/abs\">f</a></p>\n",
		},
		{
			name: "colon after slash is a path",
			src:  "[a](./a:b)",
			want: "<p><a href=\"./a:b\">a</a></p>\n",
		},
		{
			name: "link title",
			src:  `[a](https://example.com "说明 &amp; <注>")`,
			want: "<p><a href=\"https://example.com\" title=\"说明 &amp; &lt;注&gt;\">a</a></p>\n",
		},
		{
			name: "relative image",
			src:  "![图](img/a.png)",
			want: "<p><img src=\"img/a.png\" alt=\"图\"></p>\n",
		},
		{
			name: "remote image dropped: pages never request another host",
			src:  "![图](https://example.com/a.png) ![图](HTTP://x/y.png)",
			want: "<p><img alt=\"图\"> <img alt=\"图\"></p>\n",
		},
		{
			name: "https autolink",
			src:  "<https://example.com/a?b=1&c=2>",
			want: "<p><a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a></p>\n",
		},
		{
			name: "email autolink",
			src:  "<foo@example.com>",
			want: "<p><a href=\"mailto:foo@example.com\">foo@example.com</a></p>\n",
		},
		{
			name: "bare urls",
			src:  "详见 www.example.cn。邮箱 foo@example.cn",
			want: "<p>详见 <a href=\"http://www.example.cn\">www.example.cn</a>。邮箱 <a href=\"mailto:foo@example.cn\">foo@example.cn</a></p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render([]byte(tt.src))
			if err != nil {
				t.Fatalf("Render(%q) error: %v", tt.src, err)
			}
			if string(got) != tt.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"# 项目进展\n\n正文", "项目进展"},
		{"前言\n\n# 二〇二四年 **重点** 项目\n\n# 第二个", "二〇二四年 重点 项目"},
		{"# `a\\b` &amp; \\* [链接](x.html)", "a\\b & * 链接"},
		{"项目\n概况\n===", "项目概况"},
		{"Project\noverview\n===", "Project overview"},
		{"## 二级\n\n正文", ""},
		{"> # 引用里的标题\n\n- # 列表里的标题", ""},
		{"```\n# 代码\n```", ""},
		{"#", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Title([]byte(tt.src)); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://x", true},
		{"HtTpS://x", true},
		{"mailto:a@b", true},
		{"", true},
		{"a/b.html", true},
		{"/a", true},
		{"#x", true},
		{"?a:b", true},
		{"a/b:c", true},
		{"javascript:x", false},
		{" \t\x01javascript:x", false},
		{"java\tscr\nipt:x", false},
		{"\x00http://x", true},
		{"data:x", false},
		{"vbscript:x", false},
		{"file:///x", false},
		{"ftp://x", false},
		{"//x/y", false},
		{"\\\\x\\y", false},
		{"/\\x", false},
		{"\t//x", false},
		{"javascript%3Ax", true}, // no scheme: a relative path
	}
	for _, tt := range tests {
		if got := safeURL([]byte(tt.url)); got != tt.want {
			t.Errorf("safeURL(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

var (
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	nameRE = regexp.MustCompile(`^</?([a-z][a-z0-9]*)`)
	attrRE = regexp.MustCompile(`\s([^\s=]+)(?:="([^"]*)")?`)

	// allowedTags is every element goldmark with our extensions writes.
	allowedTags = map[string]bool{
		"p": true, "a": true, "img": true, "em": true, "strong": true, "code": true,
		"pre": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"ul": true, "ol": true, "li": true, "blockquote": true, "hr": true, "br": true,
		"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"del": true,
	}
	allowedAttrs = map[string]bool{
		"href": true, "src": true, "alt": true, "title": true, "start": true,
		"class": true, "style": true,
	}
)

// FuzzRender checks the properties that matter whatever the input: every
// URL attribute passes the allow-list, no active element or event handler
// appears, and output is deterministic. Its seeds run with plain go test.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](&#x6A;avascript&#x3A;alert(1))",
		"[x]( \x01javascript:alert(1))",
		"![i](data:image/png;base64,AAAA)",
		"<javascript:alert(1)>",
		"[a]: javascript:alert(1)\n\n[a]",
		"| a |\n|---|\n| <b onmouseover=x> |",
		"<svg/onload=alert(1)>",
		"www.example.com/<script>",
		"```js\"><script>\nx\n```",
		"1. a\n2. b\n\n> q\n\n---\n\n    code",
		"a  \nb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := Render([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		// Text is escaped, so every "<" left in the output opens a tag
		// that goldmark or nodeRenderer wrote.
		for _, tag := range tagRE.FindAllString(string(got), -1) {
			name := nameRE.FindStringSubmatch(tag)
			if name == nil || !allowedTags[name[1]] {
				t.Errorf("Render(%q) = %q: unexpected tag %q", src, got, tag)
				continue
			}
			for _, a := range attrRE.FindAllStringSubmatch(tag[len(name[0]):], -1) {
				switch {
				case !allowedAttrs[a[1]]:
					t.Errorf("Render(%q) = %q: unexpected attribute in %q", src, got, tag)
				case a[1] == "href" || a[1] == "src":
					if !safeURL([]byte(html.UnescapeString(a[2]))) {
						t.Errorf("Render(%q) = %q: unsafe URL in %q", src, got, tag)
					}
				case a[1] == "style":
					if !strings.HasPrefix(a[2], "text-align:") {
						t.Errorf("Render(%q) = %q: unexpected style in %q", src, got, tag)
					}
				}
			}
		}
		again, _ := Render([]byte(src))
		if again != got {
			t.Errorf("Render(%q) not deterministic: %q then %q", src, got, again)
		}
	})
}

// TestRenderConcurrent backs the claim on md that one instance serves every
// goroutine; it only bites under -race.
func TestRenderConcurrent(t *testing.T) {
	src := []byte("# 标题\n\n| a | b |\n|---|---|\n| [x](https://example.com) | ~~y~~ |\n")
	want, err := Render(src)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got, err := Render(src)
				if err != nil || got != want {
					errs <- string(got)
					return
				}
				if Title(src) != "标题" {
					errs <- "title"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Render = %q, want %q", e, want)
	}
	if strings.Count(string(want), "<table>") != 1 {
		t.Errorf("Render(%q) = %q, want one table", src, want)
	}
}
