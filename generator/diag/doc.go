// Package diag holds the findings of a validation run: a position in a
// workbook (file, sheet, cell, row), a severity, a stable rule identifier and
// a message in Chinese that a clerk can act on.
//
// It is modelled on go/scanner.ErrorList: findings are collected rather than
// returned one at a time, so a single run tells a clerk every cell to fix,
// and a List sorts into the order the outputs contract promises (file, sheet,
// row, column).
package diag
