package model

// Source is where a record was read: file (relative to the data folder or as
// given), sheet and 1-based row. The site links every figure back to it.
type Source struct {
	File  string `json:"file"`
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
}

// The enumerations of ledger v1, in the order the format lists them. The
// order is used for display, so it is part of the format.
var (
	Categories   = []string{"国有投资", "社会投资", "运营企业"}
	Industries   = []string{"电子信息", "装备制造", "现代物流", "会展经济", "数字经济", "专业市场", "基础设施", "社会民生", "其他"}
	Stages       = []string{"储备", "前期", "新开工", "续建", "竣工"}
	FundChannels = []string{"中央预算内投资", "专项债券", "超长期特别国债", "其他"}
	FundTypes    = []string{"中央预算内投资", "专项债券", "超长期特别国债", "其他上级资金"}
	IssueTypes   = []string{"用地", "征地拆迁", "管线迁改", "场平", "道路通道", "弃土场", "资金", "审批手续", "其他"}
	Documents    = []string{"立项批复", "可研批复", "初步设计批复", "用地预审与选址意见书", "建设用地规划许可证", "建设工程规划许可证", "施工许可证", "不动产权证", "环评批复", "节能审查"}
	DocStates    = []string{"已办结", "办理中", "未启动", "不涉及"}
	// FourCertsOneBook are the five documents of 四证一书.
	FourCertsOneBook = []string{"用地预审与选址意见书", "建设用地规划许可证", "建设工程规划许可证", "施工许可证", "不动产权证"}
)

// CommandCentre maps a 项目类别 to the command centre that runs it.
var CommandCentre = map[string]string{
	"国有投资": "国有投资项目指挥中心",
	"社会投资": "社会投资项目指挥中心",
	"运营企业": "运营企业维护指挥中心",
}

// Project is one accepted row of 项目台账.
type Project struct {
	Code         string // canonical: full-width folded, upper case
	Name         string
	Category     string // 项目类别
	Industry     string // 产业类别
	Stage        string // 项目阶段
	Builder      string // 建设单位
	Responsible  string // 责任单位
	Leader       string // 责任领导
	YearFrom     int    // 建设起止年限; 0 when not given
	YearTo       int
	Total        Amount // 总投资
	DoneBefore   Amount // 截至上年底累计完成投资
	PlanYear     Amount // 年度计划投资
	HasPlan      bool   // 年度计划投资 was filled in
	DoneYear     Amount // 本年累计完成投资
	HasDone      bool   // 本年累计完成投资 was filled in
	PlannedStart Date
	ActualStart  Date
	PlannedEnd   Date
	FundChannel  string // 拟申报资金渠道
	FundAsk      Amount // 拟申请金额
	HasFundAsk   bool
	ReserveDate  Date   // 入库时间
	Progress     string // 形象进度
	Problems     string // 存在问题
	Unit         string // the submitting unit (the workbook's 填报单位)
	Source       Source
}

// Milestone is one accepted row of 节点计划.
type Milestone struct {
	Code        string
	Name        string // 节点名称
	Planned     Date   // 计划完成时间
	Done        Date   // 实际完成时间
	Responsible string
	Person      string
	Note        string
	Unit        string
	Source      Source
}

// Fund is one accepted row of 资金到位.
type Fund struct {
	Code      string
	Type      string // 资金类型
	Batch     string // 批次
	Date      Date   // 下达日期
	Allocated Amount // 下达金额
	Received  Amount // 到位金额
	Spent     Amount // 已支出金额
	Unit      string
	Source    Source
}

// Issue is one accepted row of 要素保障.
type Issue struct {
	Code        string
	Type        string // 问题类型
	Description string
	Responsible string
	Raised      Date // 提出日期
	Due         Date // 要求办结时间
	Closed      Date // 办结日期
	Unit        string
	Source      Source
}

// Approval is one accepted row of 前期要件.
type Approval struct {
	Code     string
	Document string // 要件名称
	State    string // 办理状态
	Date     Date   // 办结日期
	Number   string // 批复文号
	Unit     string
	Source   Source
}

// Ledger is everything accepted from the workbooks of one period.
type Ledger struct {
	Period     Period
	Projects   []Project
	Milestones []Milestone
	Funds      []Fund
	Issues     []Issue
	Approvals  []Approval
}
