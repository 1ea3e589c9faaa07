// Package analysis turns a validated period (and the month before it) into
// figures: the contract's summary (site/data/summary.json), milestone and
// issue statuses at the period end, fund totals, 四证一书 completeness, and
// the same figures per command centre, unit and project for the pages.
//
// Everything here is a pure function of its inputs: no I/O, no clock. The
// period end E is the only "now", so a build of old data says what was true
// at that month's end, and two builds of the same data agree.
package analysis
