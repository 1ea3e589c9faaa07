package template

import "tuijin/generator/ledger"

// colInfo is what a clerk needs to know about a column beyond its rules:
// what it means, an example, and how wide it should be to read.
type colInfo struct {
	meaning string  // one sentence, no final 。
	example string  // "" for enumerations, whose dropdown is the example
	width   float64 // characters; 0 takes the default of the column's kind
}

// columnInfo is keyed by sheet and column name, because 项目代码, 责任单位 and
// 办结日期 mean different things on different sheets. A test checks that every
// column of ledger.Schema has an entry, so a new column cannot ship without
// words for the clerk.
var columnInfo = map[string]colInfo{
	key(ledger.SheetProjects, ledger.ColCode):         {"项目的唯一代码：有全国投资项目在线审批监管平台代码的填该代码，没有的（如储备项目）填本地代码", "2401-510900-04-01-521743 或 CB-2024-0012", 27},
	key(ledger.SheetProjects, ledger.ColName):         {"项目全称", "城南污水处理厂扩建工程", 32},
	key(ledger.SheetProjects, ledger.ColCategory):     {"项目类别，决定由哪个指挥中心调度", "", 0},
	key(ledger.SheetProjects, ledger.ColIndustry):     {"项目所属的产业类别", "", 0},
	key(ledger.SheetProjects, ledger.ColStage):        {"项目目前所处的阶段", "", 0},
	key(ledger.SheetProjects, ledger.ColBuilder):      {"项目业主（建设单位）的名称", "高新区建设投资有限公司", 22},
	key(ledger.SheetProjects, ledger.ColResponsible):  {"负责推进本项目的单位", "建设交运局", 16},
	key(ledger.SheetProjects, ledger.ColLeader):       {"分管本项目的领导", "张三", 10},
	key(ledger.SheetProjects, ledger.ColYears):        {"开工年份至竣工年份", "2023-2025，只有一年写 2024", 13},
	key(ledger.SheetProjects, ledger.ColTotal):        {"项目总投资", "50000", 0},
	key(ledger.SheetProjects, ledger.ColDoneBefore):   {"到上一年 12 月 31 日为止累计完成的投资，空白按 0 计", "12000", 0},
	key(ledger.SheetProjects, ledger.ColPlanYear):     {"本年度计划完成的投资", "8000", 0},
	key(ledger.SheetProjects, ledger.ColDoneYear):     {"本年 1 月 1 日至本月底累计完成的投资，只增不减；与截至上年底累计之和不能超过总投资", "2500", 0},
	key(ledger.SheetProjects, ledger.ColPlannedStart): {"计划开工的日期，不能晚于计划竣工时间", "2024-03-15", 0},
	key(ledger.SheetProjects, ledger.ColActualStart):  {"项目实际开工的日期，尚未开工的留空", "2024-03-15", 0},
	key(ledger.SheetProjects, ledger.ColPlannedEnd):   {"计划竣工的日期", "2025-12-31", 0},
	key(ledger.SheetProjects, ledger.ColFundChannel):  {"拟争取的上级资金渠道，主要由储备项目填写", "", 0},
	key(ledger.SheetProjects, ledger.ColFundAsk):      {"拟向上级申请的资金", "3000", 0},
	key(ledger.SheetProjects, ledger.ColReserveDate):  {"储备项目入库的日期", "2024-02", 0},
	key(ledger.SheetProjects, ledger.ColProgress):     {"目前的形象进度", "主体结构完成 60%", 36},
	key(ledger.SheetProjects, ledger.ColProblems):     {"推进中存在的问题，没有可填“无”", "用地指标尚未落实", 36},

	key(ledger.SheetMilestones, ledger.ColCode):        {"节点所属项目的项目代码，必须是本月项目台账中的项目", "2401-510900-04-01-521743", 27},
	key(ledger.SheetMilestones, ledger.ColNodeName):    {"节点的名称", "完成施工图审查", 24},
	key(ledger.SheetMilestones, ledger.ColNodePlanned): {"节点计划完成的日期", "2024-05-31", 0},
	key(ledger.SheetMilestones, ledger.ColNodeDone):    {"节点实际完成的日期，尚未完成的留空", "2024-05-20", 0},
	key(ledger.SheetMilestones, ledger.ColResponsible): {"负责该节点的单位", "自然资源局", 16},
	key(ledger.SheetMilestones, ledger.ColPerson):      {"负责该节点的人", "李四", 10},
	key(ledger.SheetMilestones, ledger.ColNote):        {"需要说明的情况", "已报市局审查", 24},

	key(ledger.SheetFunds, ledger.ColCode):      {"资金所属项目的项目代码，必须是本月项目台账中的项目", "2401-510900-04-01-521743", 27},
	key(ledger.SheetFunds, ledger.ColFundType):  {"上级资金的类型", "", 0},
	key(ledger.SheetFunds, ledger.ColBatch):     {"资金下达的批次", "2024年第一批", 16},
	key(ledger.SheetFunds, ledger.ColFundDate):  {"资金下达（文件印发）的日期", "2024-02-20", 0},
	key(ledger.SheetFunds, ledger.ColAllocated): {"本次下达的金额", "1000", 0},
	key(ledger.SheetFunds, ledger.ColReceived):  {"已到位的金额，不能超过下达金额，空白按 0 计", "800", 0},
	key(ledger.SheetFunds, ledger.ColSpent):     {"已支出的金额，不能超过到位金额，空白按 0 计", "500", 0},

	key(ledger.SheetIssues, ledger.ColCode):        {"问题所属项目的项目代码，必须是本月项目台账中的项目", "2401-510900-04-01-521743", 27},
	key(ledger.SheetIssues, ledger.ColIssueType):   {"要素保障问题的类型", "", 0},
	key(ledger.SheetIssues, ledger.ColIssueDesc):   {"问题的具体情况和需要协调的事项", "项目红线内 3 户未完成拆迁", 36},
	key(ledger.SheetIssues, ledger.ColResponsible): {"负责解决问题的单位", "征地拆迁办", 16},
	key(ledger.SheetIssues, ledger.ColIssueRaised): {"问题提出的日期", "2024-02-10", 0},
	key(ledger.SheetIssues, ledger.ColIssueDue):    {"要求办结的日期，不能早于提出日期", "2024-04-30", 0},
	key(ledger.SheetIssues, ledger.ColClosedDate):  {"问题实际办结的日期，未办结的留空；不能早于提出日期", "2024-03-20", 0},

	key(ledger.SheetApprovals, ledger.ColCode):       {"要件所属项目的项目代码，必须是本月项目台账中的项目", "2401-510900-04-01-521743", 27},
	key(ledger.SheetApprovals, ledger.ColDocument):   {"前期手续（要件）的名称", "", 0},
	key(ledger.SheetApprovals, ledger.ColDocState):   {"该要件的办理状态", "", 0},
	key(ledger.SheetApprovals, ledger.ColClosedDate): {"要件办结（取得批复）的日期", "2024-01-15", 0},
	key(ledger.SheetApprovals, ledger.ColDocNo):      {"批复或证书的文号", "遂高发改〔2024〕12号", 24},
}

func key(sheet, col string) string { return sheet + "/" + col }

// sheetIntro says what one row of each sheet is, for the 填报说明 sheet.
var sheetIntro = map[string]string{
	ledger.SheetProjects:   "必须填写。每个项目一行，一个项目只填一行；本单位负责的所有项目都要列出，包括储备项目。",
	ledger.SheetMilestones: "可选。每个节点一行。同一项目可以有多个节点；节点名称和计划完成时间确定后不要随意改动，改动会记为“节点调整”。",
	ledger.SheetFunds:      "可选。上级资金每下达一次填一行，到位、支出情况在同一行更新。",
	ledger.SheetIssues:     "可选。每个要素保障问题一行；办结后填写办结日期，不要删除该行。",
	ledger.SheetApprovals:  "可选。每个项目的每个前期要件一行；不需要办理的要件选“不涉及”。",
}
