package analysis

import (
	"time"

	"tuijin/generator/model"
)

// NodeStatus is a milestone's state at the period end.
type NodeStatus string

// The statuses of ledger v1 ("Milestone status at the period end").
const (
	OnTime  NodeStatus = "on_time"
	Late    NodeStatus = "late"
	Overdue NodeStatus = "overdue"
	Early   NodeStatus = "early"
	Pending NodeStatus = "pending"
)

// Label is the Chinese name shown on the site.
func (s NodeStatus) Label() string {
	switch s {
	case OnTime:
		return "按期完成"
	case Late:
		return "逾期完成"
	case Overdue:
		return "逾期未完成"
	case Early:
		return "提前完成"
	}
	return "未到期"
}

// Class is the site's colour for the status, as Light.Class: "bad" for
// overdue, "warn" for late, "good" for done on time or early, "" while
// pending.
func (s NodeStatus) Class() string {
	switch s {
	case Overdue:
		return "bad"
	case Late:
		return "warn"
	case OnTime, Early:
		return "good"
	}
	return ""
}

// Due reports whether the status belongs to a node that is due.
func (s NodeStatus) Due() bool { return s == OnTime || s == Late || s == Overdue }

// NodeStatusAt classifies a milestone at the period end e. Dates of month
// precision mean the last day of their month, as the format says.
func NodeStatusAt(m model.Milestone, e time.Time) NodeStatus {
	planned := m.Planned.Last()
	due := !planned.After(e)
	done := !m.Done.IsZero()
	switch {
	case due && done && !m.Done.Last().After(planned):
		return OnTime
	case due && done:
		return Late
	case due:
		return Overdue
	case done:
		return Early
	}
	return Pending
}

// DaysLate is how many days past its planned date an overdue node is at e.
func DaysLate(m model.Milestone, e time.Time) int {
	return days(m.Planned.Last(), e)
}

// IssueStatus is a coordination issue's state at the period end.
type IssueStatus string

// The statuses of ledger v1; they partition the issues.
const (
	Closed       IssueStatus = "closed"
	IssueOverdue IssueStatus = "overdue"
	Open         IssueStatus = "open"
)

// Label is the Chinese name shown on the site.
func (s IssueStatus) Label() string {
	switch s {
	case Closed:
		return "已办结"
	case IssueOverdue:
		return "超期未办结"
	}
	return "办理中"
}

// Class is the site's colour for the status: "bad" for overdue, "good"
// for closed, "" while open.
func (s IssueStatus) Class() string {
	switch s {
	case IssueOverdue:
		return "bad"
	case Closed:
		return "good"
	}
	return ""
}

// IssueStatusAt classifies an issue at e: closed when it has a 办结日期,
// overdue when open and its 要求办结时间 lies before e, open otherwise.
func IssueStatusAt(is model.Issue, e time.Time) IssueStatus {
	switch {
	case !is.Closed.IsZero():
		return Closed
	case is.Due.Last().Before(e):
		return IssueOverdue
	}
	return Open
}

func days(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	return int(to.Sub(from).Hours() / 24)
}
