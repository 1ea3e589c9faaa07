package render

// A site has one project page per project — 20,000 of 21,000 pages for a
// city's districts — and html/template spent most of its time there
// calling an escaper by reflection for each of a page's forty-odd actions.
// The project page is therefore written here, layout and all, exactly as
// templates/layouts/base.html and page-project.html write it: the
// templates stay the reference, and TestProjectPageMatchesTemplate and
// FuzzProjectPage hold the two byte for byte. Change both together.

import "tuijin/generator/analysis"

// contentWriter is a page body that writes its page's content itself, as
// its layout's "content" template would, instead of going through
// html/template; appendPage writes the base layout around it. Each such
// body needs a test holding it to its layout byte for byte, as
// TestProjectPageMatchesTemplate does for projectBody.
type contentWriter interface {
	appendContent(b []byte) ([]byte, error)
}

// appendRooted writes a link to path, a literal from the layout, from a
// page whose way to the site root is root: the layout's
// href="{{.Root}}path", where only the action is escaped.
func appendRooted(b []byte, root, path string) []byte {
	return append(appendURL(b, root), path...)
}

// appendPage writes a page of the base layout around the content that
// body writes.
func appendPage(b []byte, f *frame, body func([]byte) ([]byte, error)) ([]byte, error) {
	b = append(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<meta name=\"referrer\" content=\"no-referrer\">\n<title>"...)
	b = appendEscaped(b, f.Title)
	b = append(b, " · "...)
	b = appendEscaped(b, f.SiteTitle)
	b = append(b, " · "...)
	b = appendEscaped(b, f.Period)
	b = append(b, "</title>\n<link rel=\"stylesheet\" href=\""...)
	b = appendRooted(b, f.Root, "assets/site.css")
	b = append(b, "\">\n<link rel=\"icon\" href=\""...)
	b = appendRooted(b, f.Root, "assets/favicon.svg")
	b = append(b, "\" type=\"image/svg+xml\">\n</head>\n<body>\n"+
		"<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"top\">\n  <a class=\"brand\" href=\""...)
	b = appendRooted(b, f.Root, "index.html")
	b = append(b, "\">"...)
	b = appendEscaped(b, f.SiteTitle)
	b = append(b, "</a>\n  <span class=\"period\">"...)
	b = appendEscaped(b, f.Period)
	b = append(b, " · 数据截至 "...)
	b = appendEscaped(b, f.End)
	b = append(b, "</span>\n  <form class=\"site-search\" role=\"search\" action=\""...)
	b = appendRooted(b, f.Root, "search.html")
	b = append(b, "\" method=\"get\"><label class=\"sr-only\" for=\"site-q\">搜索项目</label>"+
		"<input type=\"search\" id=\"site-q\" name=\"q\" placeholder=\"搜索项目、代码、单位\" enterkeyhint=\"search\">"+
		"<button type=\"submit\">搜索</button></form>\n</header>\n<nav class=\"nav\" aria-label=\"主导航\"><ul>"...)
	b = append(b, f.Nav...)
	b = append(b, "</ul></nav>"...)
	if len(f.Crumbs) > 0 {
		b = append(b, "\n<nav class=\"crumbs\" aria-label=\"位置\"><ol>"...)
		for _, c := range f.Crumbs {
			b = append(b, "<li>"...)
			if c.Href != "" {
				b = append(b, "<a href=\""...)
				b = appendURL(b, c.Href)
				b = append(b, "\">"...)
				b = appendEscaped(b, c.Text)
				b = append(b, "</a>"...)
			} else {
				b = append(b, "<span aria-current=\"page\">"...)
				b = appendEscaped(b, c.Text)
				b = append(b, "</span>"...)
			}
			b = append(b, "</li>"...)
		}
		b = append(b, "</ol></nav>"...)
	}
	b = append(b, "\n<main id=\"main\">\n"...)
	b, err := body(b)
	if err != nil {
		return nil, err
	}
	b = append(b, "\n</main>\n<footer class=\"foot\">"...)
	b = appendEscaped(b, f.SiteTitle)
	b = append(b, " · "...)
	b = appendEscaped(b, f.Period)
	b = append(b, "（截至 "...)
	b = appendEscaped(b, f.End)
	b = append(b, "）· 只统计校验通过的数据，未采用的行见<a href=\""...)
	b = appendRooted(b, f.Root, "validation.html")
	b = append(b, "\">数据校验</a></footer>"...)
	if f.Charts {
		b = append(b, "\n<script src=\""...)
		b = appendRooted(b, f.Root, "assets/vendor/echarts.min.js")
		b = append(b, "\"></script>\n<script src=\""...)
		b = appendRooted(b, f.Root, "assets/charts.js")
		b = append(b, "\"></script>"...)
	}
	b = append(b, "\n<script src=\""...)
	b = appendRooted(b, f.Root, "assets/site.js")
	b = append(b, "\"></script>\n</body>\n</html>\n"...)
	return b, nil
}

// appendContent writes the content of a project page (page-project.html).
func (p projectBody) appendContent(b []byte) ([]byte, error) {
	b = append(b, "\n<h1>"...)
	b = appendEscaped(b, p.P.Name)
	b = append(b, "</h1>\n<p class=\"lead\">"...)
	b = appendEscaped(b, p.P.Code)
	b = append(b, " · "...)
	b = appendEscaped(b, p.P.Centre)
	b = append(b, " · "...)
	b = appendEscaped(b, p.P.Stage)
	b = append(b, "</p>"...)
	// The light and why: what a leader opening a red project looks for.
	if p.P.Light != analysis.NoLight {
		b = append(b, "\n<p class=\""...)
		b = append(b, p.P.Light.Class()...)
		b = append(b, " status\">"...)
		b = append(b, p.P.Light.Label()...)
		b = append(b, "</p>"...)
		if len(p.P.Reasons) > 0 {
			b = append(b, "<ul class=\"reasons\">"...)
			for _, r := range p.P.Reasons {
				b = append(b, "<li>"...)
				b = appendEscaped(b, r)
				b = append(b, "</li>"...)
			}
			b = append(b, "</ul>"...)
		}
	}
	b = append(b, "\n<section><h2>基本情况</h2>\n"...)
	b = append(b, p.Facts.HTML()...)
	b = append(b, "\n</section>\n<section><h2>投资完成情况</h2>\n"...)
	b = append(b, p.Investment.HTML()...)
	if p.Progress != "" {
		b = append(b, "<p class=\""...)
		if p.Behind {
			b = append(b, "warn"...)
		} else {
			b = append(b, "good"...)
		}
		b = append(b, " status\">"...)
		b = appendEscaped(b, p.Progress)
		b = append(b, "</p>"...)
	}
	b = append(b, "\n</section>\n<section><h2>形象进度</h2><p>"...)
	b = appendEscaped(b, orDash(p.P.Progress))
	b = append(b, "</p></section>\n<section><h2>存在问题</h2><p>"...)
	b = appendEscaped(b, orDash(p.P.Problems))
	b = append(b, "</p></section>\n<section><h2>节点计划</h2>"...)
	if len(p.Nodes) > 0 {
		b = append(b, '\n')
		b = append(b, p.Nodes.HTML()...)
	} else {
		b = append(b, "<p class=\"empty\">没有填报节点。</p>"...)
	}
	b = append(b, "\n</section>\n<section><h2>上级资金</h2>"...)
	b, err := p.Funds.appendHTML(b)
	if err != nil {
		return nil, err
	}
	b = append(b, "</section>\n<section><h2>要素保障问题</h2>"...)
	if b, err = p.Issues.appendHTML(b); err != nil {
		return nil, err
	}
	b = append(b, "</section>\n<section><h2>前期要件</h2>\n<p class=\""...)
	if p.Complete {
		b = append(b, "good status\">四证一书已齐全"...)
	} else {
		b = append(b, "warn status\">四证一书未齐全"...)
	}
	if p.Flagged {
		b = append(b, "，但项目有或正在争取上级资金"...)
	}
	b = append(b, "</p>\n"...)
	b = append(b, p.FourCerts.HTML()...)
	b = append(b, '\n')
	if b, err = p.Approvals.appendHTML(b); err != nil {
		return nil, err
	}
	b = append(b, "\n</section>\n<section><h2>数据来源</h2><p class=\"source\">"...)
	b = appendEscaped(b, p.Source)
	b = append(b, "</p></section>\n"...)
	return b, nil
}
