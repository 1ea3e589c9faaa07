package diag

// JSON is the form of a finding in the diagnostics JSON of the outputs
// contract (`validate --format json`) and in the site's data files. Field order
// and names are part of that contract.
type JSON struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Row      int    `json:"row"`
	Column   string `json:"column"`
	Value    string `json:"value"`
	Message  string `json:"message"`
}

// ToJSON converts a finding to its contract form.
func (d Diagnostic) ToJSON() JSON {
	return JSON{
		Severity: d.Severity.String(),
		Rule:     d.Rule,
		File:     d.Pos.File,
		Sheet:    d.Pos.Sheet,
		Cell:     d.Pos.Cell(),
		Row:      d.Pos.Row,
		Column:   d.Column,
		Value:    d.Value,
		Message:  d.Message,
	}
}

// ToJSON converts every finding, keeping the list's order. It never returns
// nil, so an empty list marshals as [] rather than null.
func (l List) ToJSON() []JSON {
	out := make([]JSON, 0, len(l))
	for _, d := range l {
		out = append(out, d.ToJSON())
	}
	return out
}
