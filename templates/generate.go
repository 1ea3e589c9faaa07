package templates

//go:generate bash ../scripts/vendor-echarts.sh
