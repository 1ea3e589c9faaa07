package render

// The biggest pages — the project list, a command centre, the briefing,
// the funds and search pages — are megabytes of tables, written into a
// buffer that html/template fills. Grown from nothing, that buffer is
// allocated, cleared and copied again at every doubling, which cost as much
// CPU as writing the tables. Each big page's body estimates its size so the
// buffer is made once. An estimate is only a start: a low one costs a
// growth, a high one some unused memory until the page is written.

// estimator is a page body that can estimate the page's size in bytes.
type estimator interface{ estimate() int }

// cellBytes is about what a table cell takes with its markup (the project
// list's cells average 52 bytes).
const cellBytes = 64

func (t table) estimate() int {
	n := 256 + len(t.Rows)*len(t.Head)*cellBytes
	for _, seg := range t.Segments {
		n += len(seg)
	}
	return n
}

func (c chartView) estimate() int { return len(c.Option) + c.Table.estimate() }

func tablesEstimate(ts []titledTable) int {
	n := 0
	for _, t := range ts {
		n += t.Table.estimate()
	}
	return n
}

func chartsEstimate(cs []chartView) int {
	n := 0
	for _, c := range cs {
		n += c.estimate()
	}
	return n
}

func (b listBody) estimate() int { return tablesEstimate(b.Tables) + chartsEstimate(b.Charts) }

func (b groupBody) estimate() int {
	return b.Projects.estimate() + b.Nodes.estimate() + b.Issues.estimate() + b.Findings.estimate() + chartsEstimate(b.Charts)
}

func (b briefingBody) estimate() int {
	n := len(b.QR) + len(b.NextSteps) + b.Attachment.estimate() + chartsEstimate(b.Charts)
	for _, s := range b.Sections {
		n += tablesEstimate(s.Tables)
	}
	return n
}

func (b searchBody) estimate() int { return len(b.Index) }
