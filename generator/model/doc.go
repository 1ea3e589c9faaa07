// Package model holds what a period's ledgers say once they are read and
// validated: projects, milestone nodes, fund allocations, coordination
// issues, pre-construction approvals and the period itself.
//
// Amounts are integers of 0.0001 万元 (one yuan) so that sums over thousands
// of rows never drift the way float sums do; dates keep their precision (day
// or month) because the ledger rules treat "2024-03" differently from
// "2024-03-15".
package model
