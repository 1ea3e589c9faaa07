package sample

import (
	"fmt"
	"strings"
)

// The zone's name. The sample describes no real zone.
const zone = "示范高新区"

// Region code of the national project codes (the brief's fixed shape
// YYMM-510900-04-01-NNNNNN).
const codeMiddle = "-510900-04-01-"

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林", "唐", "蒋", "谢", "邓", "冯", "曾", "彭", "肖", "蔡", "袁", "任", "文", "杜", "廖"}
	given    = []string{"建华", "志强", "晓燕", "海涛", "丽娟", "俊杰", "婷", "明", "磊", "静", "国庆", "红梅", "文斌", "小军", "春燕", "德明", "玉兰", "伟", "勇", "芳", "浩", "倩", "鹏", "欣怡", "丹", "涛", "颖", "刚", "敏", "宇航", "雪梅", "志刚", "晓东", "永红", "亚军", "思远"}

	places = []string{"北部新城", "南部园区", "东湖", "西园", "临港", "滨江", "凤鸣", "金桥", "龙泉", "青石", "翠屏", "桃源", "玉龙", "紫荆", "银河", "天府", "锦华", "双溪", "白鹭", "云台"}
	roads  = []string{"科创大道", "创新路", "高新大道", "纬三路", "经五路", "产业大道", "物流大道", "兴业路", "明月路", "望江路", "经七路", "纬九路"}
	phases = []string{"", "", "", "（一期）", "二期", "（二期）", "三期"}

	// brand halves of made-up company names
	brandA = []string{"锐", "天", "华", "宏", "瑞", "恒", "博", "联", "鼎", "新", "泓", "晟", "澜", "峰", "启", "睿", "昊", "凯", "乾", "卓"}
	brandB = []string{"锂", "泽", "芯", "拓", "丰", "盛", "远", "益", "达", "源", "航", "科", "能", "智", "驰", "邦", "诚", "康", "捷", "威"}
)

func person(r *rnd) string { return pick(r, surnames) + pick(r, given) }

func phone(r *rnd) string { return fmt.Sprintf("1380000%04d", r.intn(10000)) }

// company names a social-investment builder of an industry.
func company(r *rnd, industry string) string {
	trade := map[string][]string{
		"电子信息": {"电子科技", "光电科技", "微电子", "电子"},
		"装备制造": {"新能源科技", "智能装备", "新材料", "精密机械"},
		"数字经济": {"数字科技", "信息技术", "云计算科技", "网络科技"},
		"现代物流": {"供应链管理", "物流", "冷链物流"},
		"专业市场": {"商贸", "市场管理", "实业"},
		"会展经济": {"会展服务", "文化传播", "酒店管理"},
	}[industry]
	if trade == nil {
		trade = []string{"实业", "科技"}
	}
	suffix := "有限公司"
	if r.chance(200) {
		suffix = "股份有限公司"
	}
	return pick(r, brandA) + pick(r, brandB) + pick(r, trade) + suffix
}

// buildersOps are the zone's operating companies.
var buildersOps = []string{"园区运营公司", "高新物业服务公司", "高新会展运营公司", "高新产投集团"}

// stateBuilder is the state-owned company that builds a project, written the
// short way clerks write it, chosen by what the project is.
func stateBuilder(r *rnd, name string) string {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("学校", "幼儿园"):
		return "高新教育投资公司"
	case has("医院", "卫生"):
		return "高新卫健投资公司"
	case has("养老", "社区综合"):
		return "高新社会事业发展中心"
	case has("污水", "水厂", "供水", "雨污", "河道", "海绵"):
		return "高新水务公司"
	case has("道路", "大道", "路", "停车", "管廊", "电力"):
		return pick(r, []string{"高新交投公司", "高新城投公司"})
	case has("厂房", "物流", "园"):
		return "园区开发公司"
	}
	return "高新城投公司"
}

// kind is the physical nature of a project: it decides the milestones, the
// progress texts and the kinds of coordination issues.
type kind int

const (
	kindBuilding kind = iota // buildings: schools, hospitals, halls, 厂房
	kindRoad                 // roads, pipe networks, rivers
	kindPlant                // production lines in 厂房
	kindCare                 // operating companies' upkeep programmes
)

// nameParts lists, per industry, the cores of project names and their kind.
type namePart struct {
	k     kind
	forms []string // %P is a place, %R a road, %N a phase
}

var projectNames = map[string][]namePart{
	"基础设施": {
		{kindRoad, []string{"%P道路综合管网工程", "%R延伸段工程", "%R（%P段）改造工程", "%P片区雨污分流管网工程", "%P河道综合治理工程", "%P片区电力通道建设工程", "%P水厂配套管网工程"}},
		{kindBuilding, []string{"标准化厂房%N", "%P污水处理厂扩建工程", "%P智慧停车场", "%P消防站"}},
	},
	"社会民生": {
		{kindBuilding, []string{"%P安置房建设项目", "人民医院%P院区%N", "%P实验学校", "%P幼儿园", "%P社区综合服务中心", "全民健身中心", "%P人才公寓%N"}},
		{kindRoad, []string{"%P老旧小区改造项目", "%P城市公园提升工程", "%P绿道建设工程"}},
	},
	"电子信息": {
		{kindPlant, []string{"高端印制电路板生产线建设项目", "新型显示模组产业化项目", "半导体封装测试基地%N", "汽车电子产业化项目", "光电子器件生产线项目", "5G通信模组产业化项目"}},
		{kindBuilding, []string{"智能终端产业园%N", "电子信息产业园%N"}},
	},
	"装备制造": {
		{kindPlant, []string{"锂电池正极材料产业化项目", "新能源汽车零部件生产基地%N", "储能电池模组生产线项目", "锂电池隔膜生产线项目", "高端数控机床产业化项目", "精密铸件智能化改造项目"}},
		{kindBuilding, []string{"智能装备产业园%N"}},
	},
	"数字经济": {
		{kindBuilding, []string{"数字经济产业园%N", "%P大数据中心", "智算中心%N", "软件和信息服务产业园%N"}},
		{kindPlant, []string{"工业互联网平台建设项目", "数字孪生园区平台项目"}},
	},
	"现代物流": {
		{kindBuilding, []string{"%P现代物流园%N", "冷链物流中心%N", "公铁联运物流港%N", "智慧物流配送中心"}},
		{kindRoad, []string{"物流园区%R配套道路工程"}},
	},
	"专业市场": {
		{kindBuilding, []string{"%P农产品批发市场%N", "汽配城%N", "建材家居市场升级改造项目", "二手车交易市场"}},
	},
	"会展经济": {
		{kindBuilding, []string{"会展中心配套停车场", "国际会展中心%N", "会展酒店建设项目", "会展中心提升改造项目"}},
	},
	"其他": {
		{kindCare, []string{"标准化厂房运营维护项目", "园区智慧化改造项目", "孵化器运营提升项目", "人才公寓运营管理项目", "园区道路养护项目"}},
	},
}

// careNames are the upkeep programmes of operating companies, by industry.
var careNames = map[string][]string{
	"会展经济": {"会展中心运营维护项目", "会展中心设施设备更新项目"},
	"专业市场": {"专业市场运营提升项目", "市场消防设施改造项目"},
	"其他":   {"标准化厂房运营维护项目", "园区智慧化改造项目", "孵化器运营提升项目", "人才公寓运营管理项目", "园区道路养护项目"},
}

// projectName draws a name for an industry; taken says which names the
// unit already uses, so that no unit lists two projects of the same name.
func projectName(r *rnd, industry string, care bool, taken map[string]bool) (string, kind) {
	var k kind
	var form string
	if care {
		forms := careNames[industry]
		if forms == nil {
			forms = careNames["其他"]
		}
		k, form = kindCare, pick(r, forms)
	} else {
		np := pick(r, projectNames[industry])
		k, form = np.k, pick(r, np.forms)
	}
	for try := 0; ; try++ {
		s := strings.NewReplacer("%P", pick(r, places), "%R", pick(r, roads), "%N", pick(r, phases)).Replace(form)
		if try > 0 && !strings.ContainsAny(form, "%") || try > 6 {
			s = fmt.Sprintf("%s（%s）", s, pick(r, places)+"片区")
			if try > 12 {
				s = fmt.Sprintf("%s%d", s, try)
			}
		}
		if !taken[s] {
			taken[s] = true
			return s, k
		}
	}
}

// reserveNames are projects still being prepared, for the reserve (储备库).
var reserveNames = map[string][]string{
	"基础设施": {"%P片区道路及配套管网工程", "%R快速化改造工程", "%P片区海绵城市建设项目", "%P地下综合管廊工程", "城市生命线安全工程（%P段）", "%P片区供水管网改造工程"},
	"社会民生": {"%P九年一贯制学校", "%P社区卫生服务中心", "%P保障性租赁住房项目", "%P养老服务中心", "%P城市更新项目", "%P体育公园"},
	"电子信息": {"新型电子元器件产业园", "电子信息产业配套园"},
	"装备制造": {"新能源装备产业园", "储能产业园配套设施项目"},
	"数字经济": {"算力中心配套工程", "数字经济产业园三期"},
	"现代物流": {"%P物流园二期", "城乡冷链物流骨干网项目"},
	"专业市场": {"%P专业市场提升项目"},
	"会展经济": {"会展中心三期"},
	"其他":   {"园区设施更新项目"},
}

func reserveName(r *rnd, industry string, taken map[string]bool) string {
	forms := reserveNames[industry]
	for try := 0; ; try++ {
		s := strings.NewReplacer("%P", pick(r, places), "%R", pick(r, roads)).Replace(pick(r, forms))
		if try > 6 {
			s = fmt.Sprintf("%s（%s）", s, pick(r, places)+"片区")
			if try > 12 {
				s = fmt.Sprintf("%s%d", s, try)
			}
		}
		if !taken[s] {
			taken[s] = true
			return s
		}
	}
}

// Milestone names by kind, in the order the work is done.
var (
	// preNodes are the steps between the approvals (前期要件) and the works.
	preNodes   = []string{"初步设计及概算批复", "施工图设计及审查完成", "施工招标完成"}
	buildNodes = map[kind][]string{
		kindBuilding: {"基础及桩基工程完成", "主体结构封顶", "装饰装修及安装工程完成", "竣工验收"},
		kindRoad:     {"管线迁改完成", "路基工程完成", "雨污管网铺设完成", "路面沥青摊铺完成", "交工验收"},
		kindPlant:    {"厂房主体封顶", "设备采购合同签订", "设备进场安装", "设备调试及试生产", "正式投产"},
		kindCare:     {"年度维护方案审定", "设施设备维修改造完成", "年中运营评估", "年度运营考核"},
	}
	slipReasons = []string{"受征地拆迁影响", "因设计变更", "受连续降雨影响", "因设备到货延迟", "因管线迁改滞后", "因施工许可办理滞后"}
)

// Progress texts (形象进度) by kind, from the start of the works to the end.
var progressTexts = map[kind][]string{
	kindBuilding: {"场地平整及桩基施工，桩基完成%d%%", "基础工程完成，主体结构施工中", "主体结构施工至%d层", "主体结构封顶，砌体及机电预埋施工", "装饰装修及机电安装施工，完成%d%%", "室外配套工程施工，准备竣工验收"},
	kindRoad:     {"管线迁改及路基施工", "路基完成%d%%，雨污管网同步铺设", "管网铺设完成，路面基层施工", "沥青摊铺完成%d%%", "附属设施及绿化施工"},
	kindPlant:    {"厂房基础施工", "厂房主体施工，完成%d%%", "厂房封顶，设备采购中", "设备安装调试，完成%d%%", "试生产"},
	kindCare:     {"按年度方案开展设施维护，完成%d%%", "完成厂房屋面防水及消防设施维修", "智慧化系统部署完成%d%%", "完成年中运营评估，整改事项推进中"},
}

var (
	// preTexts run from the first step of preparation to the last.
	preTexts = []string{"已签订投资协议，正在办理立项备案", "正在办理用地预审与选址意见书", "可研报告已批复，正在开展初步设计", "初步设计已批复，正在编制施工图", "施工图设计完成%d%%", "正在开展施工招标准备"}
	resTexts = []string{"已完成项目建议书编制", "正在编制可行性研究报告", "已纳入储备库，正在对接上级部门争取资金", "正在开展项目策划包装", "已完成选址踏勘，正在编制项目建议书"}
	endTexts = []string{"已完成竣工验收，投入使用", "已竣工，正在办理竣工结算", "已竣工验收，正在办理产权登记"}
	lagTexts = []string{"受持续降雨影响，土石方施工进度滞后", "施工单位劳动力投入不足，进度滞后", "设备到货延迟，安装工期顺延", "融资未完全落实，资金到位不足", "设计变更导致部分工程暂停", "原材料价格上涨，施工单位资金压力大"}
	preLags  = []string{"用地指标尚未落实", "初步设计审查意见尚未回复", "征地拆迁尚未完成，暂不具备开工条件"}
)

// Coordination issues (要素保障) by type: description forms and who must act.
var issueForms = map[string]struct {
	texts []string
	resp  []string
}{
	"用地":   {[]string{"项目二期用地约%d亩尚未完成农转用报批", "项目用地规划指标未落实，需调整控规", "用地范围内有约%d亩林地需办理使用审批"}, []string{"自然资源和规划分局"}},
	"征地拆迁": {[]string{"红线范围内剩余%d户未签订拆迁协议", "%d座坟墓尚未迁移", "征地补偿款未兑付，群众阻工"}, []string{"征地拆迁服务中心"}},
	"管线迁改": {[]string{"110kV高压线迁改方案未确定", "DN600燃气管线迁改未完成", "通信光缆迁改需协调%d家运营商"}, []string{"供电公司", "燃气公司", "建设交运局"}},
	"场平":   {[]string{"场平土方约%d万方需外运", "场地内高边坡需支护处理"}, []string{"建设交运局", "园区开发公司"}},
	"道路通道": {[]string{"施工便道未打通，材料运输受阻", "进场道路需临时占用市政道路约%d米"}, []string{"建设交运局"}},
	"弃土场":  {[]string{"缺少弃土场，约%d万方弃土无处堆放"}, []string{"自然资源和规划分局", "建设交运局"}},
	"资金":   {[]string{"专项债券资金到位滞后，工程款支付压力大", "配套资金约%d万元未落实"}, []string{"财政金融局"}},
	"审批手续": {[]string{"施工许可证办理需补充消防设计审查意见", "环评批复需补充专家评审意见", "不动产权证办理需补缴土地出让金"}, []string{"行政审批局", "生态环境分局"}},
	"其他":   {[]string{"施工用电增容约%dkVA未落实", "施工用水接驳未完成"}, []string{"供电公司", "水务公司"}},
}

// issueTypes by kind: what tends to hold up that kind of work.
var issueTypes = map[kind][]string{
	kindBuilding: {"用地", "场平", "审批手续", "资金", "其他"},
	kindRoad:     {"征地拆迁", "管线迁改", "道路通道", "弃土场", "资金"},
	kindPlant:    {"用地", "审批手续", "其他", "资金"},
	kindCare:     {"资金", "其他"},
}

var chineseNumerals = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// numeral writes 1–99 in Chinese: 一, 十二, 二十三.
func numeral(n int) string {
	switch {
	case n <= 10:
		return chineseNumerals[n]
	case n < 20:
		return "十" + chineseNumerals[n-10]
	case n%10 == 0:
		return chineseNumerals[n/10] + "十"
	default:
		return chineseNumerals[n/10] + "十" + chineseNumerals[n%10]
	}
}
