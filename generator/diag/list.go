package diag

import (
	"cmp"
	"slices"
)

// List collects findings. The zero value is an empty list ready to use.
type List []Diagnostic

// Add appends a finding.
func (l *List) Add(pos Pos, sev Severity, rule, column, value, msg string) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: sev, Rule: rule, Column: column, Value: value, Message: msg})
}

// Errorf and Warnf are shorthands for findings without a column or value.
func (l *List) Errorf(pos Pos, rule, msg string) { l.Add(pos, Error, rule, "", "", msg) }

// Warnf adds a warning without a column or value.
func (l *List) Warnf(pos Pos, rule, msg string) { l.Add(pos, Warning, rule, "", "", msg) }

// Compare orders findings by file, sheet, row and column, as the outputs
// contract promises; the remaining fields only break ties so that the order
// never depends on the order findings were found in (workbooks are read
// concurrently).
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Sheet, b.Pos.Sheet),
		cmp.Compare(a.Pos.Row, b.Pos.Row),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(b.Severity, a.Severity), // errors first
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Value, b.Value),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort puts the list in contract order.
func (l List) Sort() { slices.SortStableFunc(l, Compare) }

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}
