package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileName is the configuration's name inside the data folder.
const FileName = "site.toml"

// Config is site.toml. The zero value is not ready to use: start from
// Default, as Load does.
type Config struct {
	Title   string `toml:"title"`    // site title; default "重点项目推进"
	BaseURL string `toml:"base_url"` // where the site is published (http/https), for links and QR codes; "" when unknown
	Office  string `toml:"office"`   // who issues the monthly briefing; default 项目推进指挥部办公室
	Units   []Unit `toml:"units"`    // units expected to submit, in display order
	Lights  Lights `toml:"lights"`
	Reserve struct {
		MonthlyTarget int `toml:"monthly_target"` // new reserve projects expected per month; 0 for none (default)
	} `toml:"reserve"`
	Briefing Briefing `toml:"briefing"`
}

// Briefing bounds the monthly briefing's lists. A city's districts have
// tens of thousands of projects, and a briefing that lists every overdue
// node and every project runs to hundreds of printed pages; the site's
// own pages keep the full lists.
type Briefing struct {
	ListRows       int `toml:"list_rows"`       // rows of each list in the body (overdue nodes, slips, lights, open issues); 0 for all; default 100
	AttachmentRows int `toml:"attachment_rows"` // projects in the attachment (the largest by total investment); 0 for all; default 500
}

// Unit is one unit expected to submit a ledger every month.
type Unit struct {
	Name   string `toml:"name"`
	Centre string `toml:"centre"` // 国有投资, 社会投资 or 运营企业 (or the centre's full name); optional
	Order  int    `toml:"order"`  // display order; 0 keeps the file's order
}

// Lights are the warning-light thresholds of ledger v1.
type Lights struct {
	InvestYellow float64 `toml:"invest_yellow"` // points behind 序时进度 above which a project is yellow; default 10
	InvestRed    float64 `toml:"invest_red"`    // points behind above which it is red; default 30
	NodeRedDays  int     `toml:"node_red_days"` // an overdue node is yellow up to this many days late, red beyond; default 15
	BondMonths   int     `toml:"bond_months"`   // special bonds should be spent evenly over this many months; default 6
}

// DefaultTitle is the site title when site.toml does not give one.
const DefaultTitle = "重点项目推进"

// Default returns the configuration used when site.toml is absent.
func Default() *Config {
	return &Config{Title: DefaultTitle, Lights: Lights{InvestYellow: 10, InvestRed: 30, NodeRedDays: 15, BondMonths: 6},
		Briefing: Briefing{ListRows: 100, AttachmentRows: 500}}
}

// Error is a problem with site.toml, naming the key.
type Error struct {
	Key string // dotted key, e.g. "lights.invest_red" or "units[2].centre"
	Msg string // Chinese
}

func (e *Error) Error() string {
	if e.Key == "" {
		return FileName + "：" + e.Msg
	}
	return fmt.Sprintf("%s：%s：%s", FileName, e.Key, e.Msg)
}

// Load reads dataDir/site.toml; a missing file gives Default.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f)
}

// centres maps what site.toml may say to the command centre's full name.
var centres = map[string]string{
	"国有投资": "国有投资项目指挥中心", "社会投资": "社会投资项目指挥中心", "运营企业": "运营企业维护指挥中心",
	"国有投资项目指挥中心": "国有投资项目指挥中心", "社会投资项目指挥中心": "社会投资项目指挥中心", "运营企业维护指挥中心": "运营企业维护指挥中心",
}

var reLastKey = regexp.MustCompile(`last key "([^"]+)"`)

// Parse reads and checks a configuration.
func Parse(r io.Reader) (*Config, error) {
	c := Default()
	md, err := toml.NewDecoder(r).Decode(c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Key: pe.LastKey, Msg: fmt.Sprintf("第 %d 行格式或取值类型不对：%s", pe.Position.Line, pe.Message)}
		}
		// Type mismatches are reported as plain errors that still name the key.
		if m := reLastKey.FindStringSubmatch(err.Error()); m != nil {
			msg := "取值不对：" + err.Error()
			if strings.Contains(err.Error(), "incompatible types") {
				msg = "取值类型不对（数字不要加引号，文字要加引号）"
			}
			return nil, &Error{Key: m[1], Msg: msg}
		}
		return nil, &Error{Msg: "无法读取：" + err.Error()}
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, &Error{Key: und[0].String(), Msg: "不认识这个设置项；可用的设置见 docs/configuration.md"}
	}
	return c, c.Validate()
}

// Validate checks ranges and consistency.
func (c *Config) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" {
		return &Error{Key: "title", Msg: "网站标题不能为空"}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &Error{Key: "base_url", Msg: fmt.Sprintf("应为以 http:// 或 https:// 开头的网址，实际为“%s”", c.BaseURL)}
		}
		if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
	}
	l := c.Lights
	switch {
	case l.InvestYellow <= 0 || l.InvestYellow > 100:
		return &Error{Key: "lights.invest_yellow", Msg: fmt.Sprintf("应在 0 到 100 个百分点之间，实际为 %g", l.InvestYellow)}
	case l.InvestRed <= l.InvestYellow || l.InvestRed > 100:
		return &Error{Key: "lights.invest_red", Msg: fmt.Sprintf("应大于 invest_yellow（%g）且不超过 100，实际为 %g", l.InvestYellow, l.InvestRed)}
	case l.NodeRedDays < 0 || l.NodeRedDays > 366:
		return &Error{Key: "lights.node_red_days", Msg: fmt.Sprintf("应在 0 到 366 天之间，实际为 %d", l.NodeRedDays)}
	case l.BondMonths < 1 || l.BondMonths > 60:
		return &Error{Key: "lights.bond_months", Msg: fmt.Sprintf("应在 1 到 60 个月之间，实际为 %d", l.BondMonths)}
	case c.Reserve.MonthlyTarget < 0:
		return &Error{Key: "reserve.monthly_target", Msg: fmt.Sprintf("不能为负数，实际为 %d", c.Reserve.MonthlyTarget)}
	case c.Briefing.ListRows < 0:
		return &Error{Key: "briefing.list_rows", Msg: fmt.Sprintf("不能为负数（0 表示全部列出），实际为 %d", c.Briefing.ListRows)}
	case c.Briefing.AttachmentRows < 0:
		return &Error{Key: "briefing.attachment_rows", Msg: fmt.Sprintf("不能为负数（0 表示全部列出），实际为 %d", c.Briefing.AttachmentRows)}
	}
	seen := map[string]bool{}
	for i := range c.Units {
		u := &c.Units[i]
		key := fmt.Sprintf("units[%d]", i+1)
		u.Name = strings.TrimSpace(u.Name)
		if u.Name == "" {
			return &Error{Key: key + ".name", Msg: "单位名称不能为空"}
		}
		if seen[u.Name] {
			return &Error{Key: key + ".name", Msg: fmt.Sprintf("单位“%s”重复", u.Name)}
		}
		seen[u.Name] = true
		if u.Centre != "" {
			full, ok := centres[strings.TrimSpace(u.Centre)]
			if !ok {
				return &Error{Key: key + ".centre", Msg: fmt.Sprintf("应为 国有投资、社会投资 或 运营企业，实际为“%s”", u.Centre)}
			}
			u.Centre = full
		}
		if u.Order < 0 {
			return &Error{Key: key + ".order", Msg: fmt.Sprintf("不能为负数，实际为 %d", u.Order)}
		}
	}
	// Display order: by order where given, otherwise as listed.
	slices.SortStableFunc(c.Units, func(a, b Unit) int {
		switch {
		case a.Order == 0 && b.Order == 0:
			return 0
		case a.Order == 0:
			return 1
		case b.Order == 0:
			return -1
		}
		return a.Order - b.Order
	})
	return nil
}
