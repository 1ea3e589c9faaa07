// Package charts builds the ECharts options for the site's charts and
// emits them as JSON that is safe to place in an HTML page.
//
// It is the only package that imports go-echarts. The go-echarts types
// are used to build the options; its renderers are not. They write
// options into the page as unescaped script and turn any string
// wrapped in "__f__" markers into an executable JavaScript function.
// Every string in a chart (project and unit names, series names,
// titles) comes from workbooks sent in by many offices, so that would
// let a cell run script in every reader's browser.
//
// So the option map comes from the chart's JSON method and goes
// straight to encoding/json.Marshal. HTML escaping stays on, so < > &
// become \u003c \u003e \u0026. The page puts the bytes in a
// <script type="application/json" id="ID-option"> element, and
// templates/assets/charts.js reads them with JSON.parse. Data is never
// evaluated as code. No option in this package holds a JavaScript
// function: the only formatters are fixed string templates, and a
// template only names a data string ({b}) when no such string
// contains a brace, because ECharts substitutes templates again inside
// substituted text.
//
// Charts carry no animation and no toolbox, so the same input gives
// the same bytes and the charts print as they look. Each chart's aria
// description is set, because a generated one would be in English and
// would read out numbers without context.
package charts
