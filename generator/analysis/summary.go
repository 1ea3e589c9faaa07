package analysis

import (
	"bytes"
	"encoding/json"
	"slices"

	"tuijin/generator/model"
)

// Summary is site/data/summary.json, version 1, exactly as the outputs
// contract lays it out. Amounts are in 万元; rates are 0..1, or null when
// their denominator is 0.
type Summary struct {
	Version      int               `json:"version"`
	Period       string            `json:"period"`
	PeriodEnd    string            `json:"period_end"`
	TimeProgress float64           `json:"time_progress"`
	Projects     ProjectCounts     `json:"projects"`
	Investment   Investment        `json:"investment"`
	Funds        FundsByType       `json:"funds"`
	Milestones   MilestoneFigures  `json:"milestones"`
	Issues       IssueFigures      `json:"issues"`
	Approvals    ApprovalFigures   `json:"approvals"`
	Units        []UnitFigures     `json:"units"`
	Validation   ValidationFigures `json:"validation"`

	// Figures over months, added after version 1's first fields; the
	// documented fields above are unchanged.
	Lights   LightCounts      `json:"lights"`
	Ranks    RankFigures      `json:"ranks"`
	Slips    SlipFigures      `json:"slips"`
	Trend    []TrendFigures   `json:"trend"`
	Quarters []QuarterFigures `json:"quarters"`
	FundsYoY YoYByType        `json:"funds_yoy"`
	Reserve  ReserveFigures   `json:"reserve"`

	Submissions SubmissionFigures `json:"submissions"`
}

// RankFigures are the rankings (红黑榜), best first.
type RankFigures struct {
	UnitsByCompletion   []RankFigure `json:"units_by_completion"`
	UnitsByOnTime       []RankFigure `json:"units_by_on_time"`
	CentresByCompletion []RankFigure `json:"centres_by_completion"`
	CentresByOnTime     []RankFigure `json:"centres_by_on_time"`
}

// RankFigure is one place; place 0 means no rate (not ranked); prev_place 0
// means last month is unknown.
type RankFigure struct {
	Name      string   `json:"name"`
	Value     *float64 `json:"value"`
	Place     int      `json:"place"`
	PrevPlace int      `json:"prev_place"`
	Change    int      `json:"change"`
}

// SlipFigures count nodes whose planned date moved (节点调整).
type SlipFigures struct {
	ThisMonth     int            `json:"this_month"`
	MovedThisYear int            `json:"moved_this_year"`
	ByUnit        map[string]int `json:"by_unit"` // nodes moved this year, per unit
}

// TrendFigures is one month of the zone's year-to-date completion.
type TrendFigures struct {
	Period         string        `json:"period"`
	PlanYear       model.Amount  `json:"plan_year"`
	DoneYear       model.Amount  `json:"done_year"`
	CompletionRate *float64      `json:"completion_rate"`
	TimeProgress   float64       `json:"time_progress"`
	MonthChange    *model.Amount `json:"month_change"` // null when last month's ledger is missing
}

// QuarterFigures is completion at a quarter's end against its target.
type QuarterFigures struct {
	Quarter        int      `json:"quarter"`
	Period         string   `json:"period"` // "" when no month of the quarter is known
	CompletionRate *float64 `json:"completion_rate"`
	Target         float64  `json:"target"`
}

// YoYFigures compare allocations so far this year with the same months of last year.
type YoYFigures struct {
	ThisYear model.Amount  `json:"this_year"`
	LastYear *model.Amount `json:"last_year"`
	Change   *float64      `json:"change"`
}

// ReserveFigures describe the reserve pipeline (每月储备一批).
type ReserveFigures struct {
	Projects     int `json:"projects"`       // projects at stage 储备
	NewThisMonth int `json:"new_this_month"` // 入库时间 in the period's month
	Target       int `json:"monthly_target"` // 0 when none is set
}

// ProjectCounts counts accepted projects; every value of each enumeration
// has a key, zero when no project has it.
type ProjectCounts struct {
	Count      int        `json:"count"`
	ByCategory ByCategory `json:"by_category"`
	ByStage    ByStage    `json:"by_stage"`
	ByIndustry ByIndustry `json:"by_industry"`
}

// Investment sums the accepted projects. CompletionRate is done_year over
// plan_year counting only projects with a plan (年度计划投资 > 0).
type Investment struct {
	Total          model.Amount `json:"total"`
	DoneBefore     model.Amount `json:"done_before"`
	PlanYear       model.Amount `json:"plan_year"`
	DoneYear       model.Amount `json:"done_year"`
	CompletionRate *float64     `json:"completion_rate"`
}

// FundFigures are the totals of one fund type.
type FundFigures struct {
	Allocated         model.Amount `json:"allocated"`
	Received          model.Amount `json:"received"`
	Spent             model.Amount `json:"spent"`
	SpendRate         *float64     `json:"spend_rate"`
	AllocatedThisYear model.Amount `json:"allocated_this_year"`
}

// MilestoneFigures count nodes by status at the period end.
type MilestoneFigures struct {
	Total      int      `json:"total"`
	Due        int      `json:"due"`
	OnTime     int      `json:"on_time"`
	Late       int      `json:"late"`
	Overdue    int      `json:"overdue"`
	Early      int      `json:"early"`
	Pending    int      `json:"pending"`
	OnTimeRate *float64 `json:"on_time_rate"`
	Slipped    int      `json:"slipped"`
}

// IssueFigures count coordination issues by status (the three partition Total).
type IssueFigures struct {
	Total   int `json:"total"`
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
	Closed  int `json:"closed"`
}

// ApprovalFigures count projects by 四证一书 completeness.
type ApprovalFigures struct {
	Complete4C1B              int `json:"projects_complete_4c1b"`
	FlaggedFundingWithout4C1B int `json:"flagged_funding_without_4c1b"`
}

// UnitFigures are one submitting unit's figures.
type UnitFigures struct {
	Name                string       `json:"name"`
	Projects            int          `json:"projects"`
	PlanYear            model.Amount `json:"plan_year"`
	DoneYear            model.Amount `json:"done_year"`
	CompletionRate      *float64     `json:"completion_rate"`
	MilestoneOnTimeRate *float64     `json:"milestone_on_time_rate"`
	Errors              int          `json:"errors"`
	Warnings            int          `json:"warnings"`
}

// ValidationFigures describe what the validation found in the period.
type ValidationFigures struct {
	Files           int `json:"files"`
	FilesUnreadable int `json:"files_unreadable"`
	Errors          int `json:"errors"`
	Warnings        int `json:"warnings"`
	RejectedRows    int `json:"rejected_rows"`
}

// rate returns num/den, or nil when den is zero.
func rate(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	r := num / den
	return &r
}

// Counts and figures keyed by a value of the format write their keys in the
// order the format lists the values (国有投资, 社会投资, 运营企业; 储备, 前期,
// 新开工, 续建, 竣工…), as the contract's example shows them, rather than
// encoding/json's byte order, so that a person reading summary.json finds
// them as on the site. Any other key follows, sorted.
type (
	ByCategory  map[string]int
	ByStage     map[string]int
	ByIndustry  map[string]int
	FundsByType map[string]FundFigures
	YoYByType   map[string]YoYFigures
)

func (m ByCategory) MarshalJSON() ([]byte, error)  { return inOrder(m, model.Categories) }
func (m ByStage) MarshalJSON() ([]byte, error)     { return inOrder(m, model.Stages) }
func (m ByIndustry) MarshalJSON() ([]byte, error)  { return inOrder(m, model.Industries) }
func (m FundsByType) MarshalJSON() ([]byte, error) { return inOrder(m, model.FundTypes) }
func (m YoYByType) MarshalJSON() ([]byte, error)   { return inOrder(m, model.FundTypes) }

// inOrder writes m as a JSON object, the keys of order first, in that
// order, then the others sorted. A nil map is null, as encoding/json
// writes it.
func inOrder[V any](m map[string]V, order []string) ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	keys := make([]string, 0, len(m))
	for _, k := range order {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	keys = append(keys, rest...)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		vb, err := json.Marshal(m[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
