package analysis

import (
	"fmt"
	"math"
	"strconv"
)

// Light is a warning light (亮灯). NoLight means the project has nothing to
// judge it by (no annual plan and no milestone nodes).
type Light int

// Lights from best to worst, so that the worst of several is their maximum.
const (
	NoLight Light = iota
	Green
	Yellow
	Red
)

// Label is the Chinese name.
func (l Light) Label() string { return [...]string{"未评价", "绿灯", "黄灯", "红灯"}[l] }

// Class is the CSS class the site uses for the light.
func (l Light) Class() string { return [...]string{"", "good", "warn", "bad"}[l] }

// String is the JSON name.
func (l Light) String() string { return [...]string{"none", "green", "yellow", "red"}[l] }

// MarshalText writes the JSON name.
func (l Light) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Thresholds are the light rules of ledger v1 ("Warning lights"), which
// site.toml may override. The zero value is not meaningful; start from
// DefaultThresholds.
type Thresholds struct {
	InvestYellow  float64 // gap to 序时进度 in points above which a project is yellow (10)
	InvestRed     float64 // gap above which it is red (30)
	NodeRedDays   int     // an overdue node is yellow up to this many days late, red beyond (15)
	BondMonths    int     // special bonds are expected to be spent evenly over this many months after allocation (6)
	ReserveTarget int     // new reserve projects expected per month in the zone; 0 for no target
}

// DefaultThresholds are the format's defaults.
func DefaultThresholds() Thresholds {
	return Thresholds{InvestYellow: 10, InvestRed: 30, NodeRedDays: 15, BondMonths: 6}
}

// gapLight judges a shortfall in percentage points.
func (t Thresholds) gapLight(points float64) Light {
	switch {
	case points > t.InvestRed:
		return Red
	case points > t.InvestYellow:
		return Yellow
	}
	return Green
}

// light sets a project's lights and the reasons for them, in words.
func (t Thresholds) light(p *Project, progress float64) {
	if p.PlanYear > 0 && p.CompletionRate != nil {
		// Judged on the gap itself, not on the tenth the site shows: 10.04
		// points behind is more than 10. Only the floating-point noise of
		// the subtraction is rounded away (0.35 - 0.25 is 0.0999…98).
		gap := math.Round((progress-*p.CompletionRate)*100*1e9) / 1e9
		p.InvestLight = t.gapLight(gap)
		if p.InvestLight != Green {
			limit := map[Light]float64{Yellow: t.InvestYellow, Red: t.InvestRed}[p.InvestLight]
			p.Reasons = append(p.Reasons, fmt.Sprintf("年度计划完成 %.1f%%，落后序时进度 %s 个百分点（%s：落后超过 %g 个百分点）",
				round1(*p.CompletionRate*100), points(gap, limit), p.InvestLight.Label(), limit))
		}
	}
	if len(p.Nodes) > 0 {
		p.NodeLight = Green
	}
	for _, n := range p.Nodes {
		if n.Status != Overdue {
			continue
		}
		l := Yellow
		if n.DaysLate > t.NodeRedDays {
			l = Red
		}
		p.NodeLight = max(p.NodeLight, l)
		late := fmt.Sprintf("已逾期 %d 天未完成", n.DaysLate)
		if n.DaysLate == 0 {
			late = "到期未完成" // due on the period's last day: overdue by the format, but no day late yet
		}
		p.Reasons = append(p.Reasons, fmt.Sprintf("节点“%s”计划 %s 完成，%s（%s）", n.Name, n.Planned.Chinese(), late, l.Label()))
	}
	p.Light = max(p.InvestLight, p.NodeLight)
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// points prints a gap above limit to a tenth, or finer where a tenth would
// not show it above the limit (10.04, not 10.0, for "more than 10").
func points(gap, limit float64) string {
	if round1(gap) > limit {
		return strconv.FormatFloat(round1(gap), 'f', 1, 64)
	}
	// Rounded up, so that what is shown is above the limit too: 10.0000005
	// shows as 10.0001, not 10.
	return strconv.FormatFloat(math.Ceil(gap*1e4-1e-5)/1e4, 'f', -1, 64) // -1e-5: not up again for float noise
}

// LightCounts counts projects by overall light.
type LightCounts struct {
	Red    int `json:"red"`
	Yellow int `json:"yellow"`
	Green  int `json:"green"`
	None   int `json:"none"`
}

func (c *LightCounts) add(l Light) {
	switch l {
	case Red:
		c.Red++
	case Yellow:
		c.Yellow++
	case Green:
		c.Green++
	default:
		c.None++
	}
}
