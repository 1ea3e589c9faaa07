// Package par runs independent calls on every core: the workbooks of a
// month read or decoded, the files of a period checked, the sample's
// workbooks written. One helper, so that how many run at once and how a
// cancelled build stops handing out work are decided in one place.
package par
