// The pages speak English or Chinese: the browser's language decides, the switch in the top bar overrides it.
// Texts are keyed by their English wording; {name} marks a value put in by the caller.

const KEY = 'kitchenwatch.lang';

export const lang = (() => {
  const chosen = localStorage.getItem(KEY);
  if (chosen === 'zh' || chosen === 'en') return chosen;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
})();

const ZH = {
  // reports and certificates
  'Reports': '报告', 'Certificates': '合格证明', 'Certificate': '合格证明', 'New report': '新建报告', 'Covering': '范围', 'Period': '时段', 'Yesterday': '昨天', 'Last week': '上周', 'Last month': '上月', 'This week so far': '本周至今', 'This month so far': '本月至今', 'Dates …': '自选日期 …', 'Build report': '生成报告', 'yours and the daily ones of your regions': '您生成的报告和所辖区域的每日报告', 'Made': '生成时间', 'Download': '下载', 'My region ({id})': '本辖区（{id}）', 'All sites': '全部场所', 'My organization ({id})': '本单位（{id}）', 'queued': '排队中', 'building': '生成中', 'ready': '已完成', 'failed': '失败', 'progress': '进度', 'Printable page': '打印版网页', 'daily': '每日', 'No reports yet.': '暂无报告。', 'Disinfection certificates': '餐具消毒合格证明', 'compliant batches of the last 7 days': '最近 7 天的合格批次', 'Delivered to': '配送至', 'No certificates in the last 7 days.': '最近 7 天没有合格证明。', 'Disinfection certificate': '餐具消毒合格证明', 'not verified': '未通过验证', 'Frames': '画面', 'Download PDF': '下载 PDF', 'QR code of the verification page': '验证页面的二维码', 'Public verification page': '公开验证页面',
  // units
  '{s} s': '{s} 秒', '{m} min': '{m} 分钟', '{h} h {m} min': '{h} 小时 {m} 分钟', '{d} d {h} h': '{d} 天 {h} 小时',
  // layout and login
  'Overview': '总览', 'My kitchens': '我的食堂', 'Plants': '消毒中心', 'Log out': '退出', 'Site': '场所',
  'live': '实时', 'reconnecting': '重新连接中', 'connecting': '连接中', 'not live': '未连接', 'Live updates': '实时更新',
  'Regulator': '监管部门', 'Administrator': '管理员', 'Disinfection company': '消毒企业', 'Canteen': '食堂',
  'Not found, or not within your scope.': '未找到，或不在您的权限范围内。', 'Could not load: {error}': '加载失败：{error}',
  'Log in': '登录', 'Username': '用户名', 'Password': '密码',
  'Food-safety monitoring for canteens, disinfection plants and regulators.': '面向学校食堂、餐具消毒企业和监管部门的食品安全监测。',
  'Wrong username or password.': '用户名或密码错误。', 'Could not log in: {error}': '登录失败：{error}',
  'Sign in with an API token (wall screens)': '使用 API 令牌登录（大屏）', 'API token': 'API 令牌', 'Use token': '使用令牌',
  'That is not a KitchenWatch token.': '这不是 KitchenWatch 令牌。', 'Could not sign in: {error}': '登录失败：{error}',
  'the server does not accept this token': '服务器不接受此令牌', 'Loading …': '加载中 …',
  // overview
  'Plan KPIs': '工作方案指标', 'last 6 h': '最近 6 小时', 'last 24 h': '最近 24 小时', 'last 7 days': '最近 7 天',
  'last 30 days': '最近 30 天', 'Sites': '场所', 'major alert': '重大告警', 'minor alert or device offline': '一般告警或设备离线',
  'all well': '正常', 'nothing online': '全部离线', 'Open alerts': '未关闭告警', 'Severity': '级别', 'Alert': '告警',
  'Device': '设备', 'Age': '已持续', 'State': '状态', 'No open alerts.': '没有未关闭的告警。',
  'Unregistered sources': '未登记来源', 'messages the registry does not vouch for, stored apart, not analysed': '登记簿中没有的设备发来的消息（单独存储，不参与分析）',
  'Messages': '消息数', 'Device ids': '设备编号数', 'First seen': '首次出现', 'Last seen': '最近出现', 'Examples': '示例',
  'Nothing unregistered has sent anything.': '没有未登记的设备发送过消息。',
  'No sites in your scope.': '您的权限范围内没有场所。', '{n} sites': '{n} 个场所', '{n} site': '{n} 个场所',
  'Registry': '登记管理', 'Add or change a kitchen': '新增或修改厨房', 'applied at once, no restart; every change is recorded': '立即生效，无需重启；每次修改都有记录',
  'Site id': '场所编号', 'Name': '名称', 'Kind': '类型', 'Organization': '单位', 'Region': '地区', 'Working hours': '工作时间',
  'Device id': '设备编号', 'Zone': '区域', 'Report every (s)': '上报间隔（秒）', '+ device': '+ 设备', 'Check': '检查', 'Save': '保存',
  'Import or export': '导入或导出', 'Dry run': '试运行', 'Import': '导入', 'Export the registry': '导出登记簿', 'Retire': '停用',
  'its history stays in the store': '历史数据仍保留', 'Changes': '修改记录', 'When': '时间', 'Who': '修改人', 'What': '内容',
  'Only an admin manages the registry.': '只有管理员可以管理登记簿。', '{n} problems, nothing applied:': '{n} 个问题，未作任何修改：', 'A problem, nothing applied:': '1 个问题，未作任何修改：',
  'No problems. It would give {sites} sites and {devices} devices.': '没有问题。修改后将有 {sites} 个场所、{devices} 台设备。',
  'Saved. The registry now has {sites} sites and {devices} devices.': '已保存。登记簿现有 {sites} 个场所、{devices} 台设备。',
  'No changes yet: the registry is as its file says.': '尚无修改：登记簿与登记文件一致。', 'Choose a file first.': '请先选择文件。',
  'The file is not JSON: {error}': '文件不是 JSON：{error}',
  'a registry file, {"changes": [...]}, or a CSV of one kind of item; a dry run lists every problem at once': '登记文件、{"changes": [...]} 或某一类条目的 CSV；试运行会一次列出所有问题',
  'CSV rows are': 'CSV 每行是', 'devices': '设备', 'sites': '场所', 'organizations': '单位', 'regions': '地区', 'Export:': '导出：',
  'Issue MQTT logins for its {n} devices (replaces their earlier passwords)': '为其 {n} 台设备签发 MQTT 登录凭据（替换原有密码）',
  'MQTT logins, shown this once:': 'MQTT 登录凭据（仅显示这一次）：', 'download as CSV': '下载 CSV',
  'All regions': '全部地区', 'Regions': '地区', 'Find a site': '查找场所', 'No site matches.': '没有匹配的场所。',
  'ok': '正常', 'warn': '一般告警或设备离线', 'alarm': '重大告警', 'down': '全部离线',
  'no batch was judged in the period': '期间没有判定的消毒批次', 'no alert was opened in the period': '期间没有新告警',
  "no school canteen's camera sent a frame in the period": '期间没有学校食堂摄像头画面',
  "no disinfection plant's camera sent a frame in the period": '期间没有消毒单位摄像头画面',
  'no waste bin reported in the period': '期间没有餐厨垃圾桶上报', 'no oil separator reported in the period': '期间没有油水分离器上报',
  'no data': '暂无数据', 'target: rising': '目标：逐年提高', 'target ≥ {value}': '目标 ≥ {value}',
  'median {hours} h to close': '闭环用时中位数 {hours} 小时',
  '{healthy} of {cameras} cameras in good order': '{cameras} 路摄像头，完好折合 {healthy} 路', '{online}/{all} online': '{online}/{all} 在线',
  'devices online': '在线设备', 'no open alerts': '无未关闭告警', '{n} {severity}': '{severity} {n}',
  // alerts
  'critical': '严重', 'major': '重大', 'minor': '一般', 'info': '提示',
  'open': '待处理', 'acknowledged': '已确认', 'rectifying': '整改中', 'verified': '已验证', 'closed': '已关闭',
  'cleared': '已消除', 'condition cleared': '情况已消除', 'Acknowledge': '确认', 'Start rectification': '开始整改',
  'Verify rectification': '验证整改', 'Close': '关闭', 'Note (what was found, what was done)': '备注（发现了什么，做了什么）',
  'Waiting for a regulator to verify.': '等待监管部门验证。', 'Waiting for a regulator to close.': '等待监管部门关闭。',
  'Opened {time} ({age} ago)': '{time} 发现（{age}前）', 'last seen {time}': '最近一次 {time}', '{n} triggers': '触发 {n} 次',
  '{state} by {who}': '{who} {state}', 'Show evidence frame': '查看证据画面', 'evidence no longer kept': '证据已过保存期',
  'opened {time}': '{time} 发现',
  // site
  'Alerts': '告警', 'Closed in the last 7 days': '最近 7 天已关闭', 'Cameras': '摄像头', 'Sensors': '传感器',
  'Disinfection batches': '消毒批次', 'Food-waste ledger': '餐厨垃圾台账', 'collections, last 7 days': '最近 7 天收运',
  'Batch': '批次', 'Cabinet': '消毒设备', 'Method': '方式', 'Start': '开始', 'End': '结束', 'Verdict': '判定',
  'Peak / limit': '峰值 / 限值', 'Held / required': '保持 / 要求', 'Gaps': '缺数', 'Door': '开门',
  'Collected': '收运时间', 'Bin': '垃圾桶', 'Weight': '重量', 'Collected by': '收运人',
  'No open alerts at this site.': '本场所没有未关闭的告警。', 'no snapshot yet': '暂无画面', 'last frame {time}': '最新画面 {time}',
  'last seen {age} ago': '{age}前上报', 'no reading yet': '暂无读数', 'working hours {hours}': '营业时间 {hours}',
  '{online} of {all} devices online': '{all} 台设备中 {online} 台在线', '{n} open alerts': '{n} 条未关闭告警',
  '{passed} of {all} compliant': '{all} 批中 {passed} 批合格', 'No batches in the last 7 days.': '最近 7 天没有消毒批次。',
  'No collections in the last 7 days.': '最近 7 天没有收运记录。', '{field} — {range}': '{field} — {range}',
  'grease layer; warning {warn} %, alarm {alarm} % (this site\'s rules)': '油脂层；{warn}% 预警，{alarm}% 报警（本单位规则）',
  'newest snapshot from {device}': '{device} 的最新画面', 'online': '在线', 'offline': '离线', 'none': '无',
  'compliant': '合格', 'non-compliant': '不合格', 'unverifiable': '无法判定', 'abandoned': '中止',
  'hot air': '热风', 'steam': '蒸汽', 'chlorine': '含氯消毒', 'dishwasher': '洗碗机', 'yes': '是', 'no': '否',
  // company
  'batches of the last 7 days': '最近 7 天批次', 'Batches per day': '每日批次', 'failing': '不合格',
  'Failing batches': '不合格批次', 'Plant': '消毒中心', 'pass rate {rate}': '合格率 {rate}',
  '{passed} of {all} batches compliant': '{all} 批中 {passed} 批合格', '{n} failing': '{n} 批不合格',
  'No disinfection plants in your scope.': '您的权限范围内没有消毒中心。', 'No failing batches in the last 7 days.': '最近 7 天没有不合格批次。',
  // kinds, zones, fields
  'Camera': '摄像头', 'Disinfection cabinet': '消毒柜', 'Oil-water separator': '油水分离器', 'Food-waste bin': '餐厨垃圾桶',
  'unknown kind': '未知类型', 'School canteen': '学校食堂', 'Restaurant': '餐馆', 'Disinfection plant': '餐具消毒中心',
  'raw processing': '粗加工区', 'cutting': '切配区', 'cooking': '烹饪区', 'serving': '备餐区', 'special room': '专间',
  'dishwashing': '洗消区', 'sample retention': '留样区', 'storeroom': '库房', 'disinfection line': '消毒流水线',
  'Temperature': '温度', 'Chlorine': '有效氯', 'Running': '运行中', 'Door open': '门开启', 'Grease layer': '油脂层',
  'Water level': '水位', 'Inflow': '进水流量', 'Effluent oil': '出水含油', 'Heater': '加热', 'Pump': '泵',
  'Lid open': '桶盖开启', 'Frame rate': '帧率', 'Bitrate': '码率',
  // alert types
  'disinfection_cycle_noncompliant': '消毒过程不合格', 'grease_level_warning': '油脂层预警', 'grease_level_alarm': '油脂层报警',
  'effluent_oil_high': '出水含油超标', 'pump_out_overdue': '清掏逾期', 'waste_collection_overdue': '餐厨垃圾收运逾期',
  'waste_bin_overfull': '垃圾桶将满', 'waste_bin_lid_open': '垃圾桶未盖', 'sensor_anomaly': '传感器读数异常',
  'sensor_stuck': '传感器读数不变', 'sensor_rate_of_change': '传感器变化过快', 'camera_black': '摄像头黑屏',
  'camera_overexposed': '摄像头过曝', 'camera_blurred': '摄像头模糊', 'camera_frozen': '画面冻结', 'camera_occluded': '摄像头被遮挡',
  'camera_moved': '摄像头移位', 'after_hours_activity': '非营业时间有活动', 'people_in_special_room': '专间非工作时间有人',
  'line_light_mismatch': '消毒指示灯与设备状态不符', 'line_door_open_during_hold': '消毒保温期间开门', 'no_hat': '未戴工作帽',
  'no_mask': '未戴口罩', 'phone': '操作时使用手机', 'uncovered_bin': '垃圾桶未加盖', 'smoking': '吸烟', 'rodent': '鼠患',
  'device_offline': '设备离线', 'device_unregistered': '未登记的设备',
};

/** The text in the page's language, with {name} replaced by values[name]. */
export function t(text, values = {}) {
  const template = lang === 'zh' && ZH[text] !== undefined ? ZH[text] : text;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

/** Whether a text has its own translation (alert types fall back to their wording otherwise). */
export const hasText = text => lang === 'en' || ZH[text] !== undefined;

export function switchLanguage() {
  localStorage.setItem(KEY, lang === 'zh' ? 'en' : 'zh');
  location.reload();
}

/** Static page text: elements marked data-i18n get their text, data-i18n-placeholder their placeholder. */
export function translatePage(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n || el.textContent.trim()); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}
