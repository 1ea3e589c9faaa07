package sample

import (
	"errors"
	"fmt"

	"tuijin/generator/model"
)

// Options say what to generate. The zero value is the bundled sample without
// flaws: five units, two months ending 2026-10.
type Options struct {
	// Units is the number of units (default 5: 党政办, 发改统计局, 科经商务局,
	// 建设交运局, 企业服务中心). Units beyond the fifth are named 第6责任单位,
	// 第7责任单位 … and take the profiles and ledger styles of the five in turn.
	Units int
	// Projects is the number of projects each unit carries through the whole
	// window (default: 4–6 for 党政办, 8–14 for the others, drawn from the
	// seed). Reserve projects entered during the window and newly signed
	// projects come on top, one or two a month.
	Projects int
	// Months is the number of consecutive reporting months (default 2).
	Months int
	// End is the newest month, "YYYY-MM" (default "2026-10").
	End string
	// Seed drives every random choice; the same Options give the same bytes.
	Seed int64
	// Flaws plants a few realistic mistakes in the newest month, each
	// breaking a different rule (see flaws.go).
	Flaws bool
}

// Bundled is the preset of the sample committed in data/: five units, two
// months ending 2026-10, with flaws.
func Bundled() Options {
	return Options{Units: 5, Months: 2, End: "2026-10", Seed: bundledSeed, Flaws: true}
}

// bundledSeed is the seed of the bundled sample. It was not tuned: what the
// sample must show (completed projects, planted flaws, slipped milestones,
// reserves entered every month) the generator makes sure of by construction.
const bundledSeed = 0

// Limits that keep a typo in a flag from filling the disk.
const (
	maxUnits    = 1000
	maxProjects = 5000
	maxMonths   = 120
)

// config is Options with the defaults applied and checked.
type config struct {
	units    int
	projects int // 0: varied per unit
	periods  []model.Period
	seed     int64
	flaws    bool
}

func (o Options) resolve() (config, error) {
	c := config{units: o.Units, projects: o.Projects, seed: o.Seed, flaws: o.Flaws}
	var errs []error
	if c.units == 0 {
		c.units = 5
	}
	if c.units < 0 || c.units > maxUnits {
		errs = append(errs, fmt.Errorf("sample: Units = %d, want 1–%d", o.Units, maxUnits))
	}
	if c.projects < 0 || c.projects > maxProjects {
		errs = append(errs, fmt.Errorf("sample: Projects = %d, want 0 (varied) or 1–%d", o.Projects, maxProjects))
	}
	months := o.Months
	if months == 0 {
		months = 2
	}
	if months < 0 || months > maxMonths {
		errs = append(errs, fmt.Errorf("sample: Months = %d, want 1–%d", o.Months, maxMonths))
	}
	end := o.End
	if end == "" {
		end = "2026-10"
	}
	last, err := model.ParsePeriod(end)
	if err != nil {
		errs = append(errs, fmt.Errorf("sample: End: %w", err))
	} else if last.Year < 2000 || last.Year > 2090 {
		// Codes carry two-digit years and the ledger rules reject dates
		// outside 1950–2100; a window near those edges would not validate.
		errs = append(errs, fmt.Errorf("sample: End = %q, want a month of 2000–2090", end))
	}
	if err := errors.Join(errs...); err != nil {
		return config{}, err
	}
	c.periods = make([]model.Period, months)
	p := last
	for i := months - 1; i >= 0; i-- {
		c.periods[i] = p
		p = p.Prev()
	}
	return c, nil
}
