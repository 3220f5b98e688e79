/**
 * The county server's error codes: one catalogue, read by the Worker (each code answers with its
 * status), the wire schema (the code is an enum of these), the add-in (a person reads `zh`) and
 * README's error table (generated from it by `npm run docs:errors`). A code has one status.
 */
export const API_ERRORS = {
  // 400: the request cannot be read
  'bad-request': { status: 400, zh: '请求有误', en: 'bad request' },
  'malformed-json': { status: 400, zh: '请求内容不是有效的 JSON', en: 'the body is not valid JSON' },
  'invalid-body': { status: 400, zh: '请求内容不符合接口要求', en: 'the body does not match the API (types, unknown fields)' },
  'invalid-query': { status: 400, zh: '查询参数不符合接口要求', en: 'the query parameters do not match the API' },
  'invalid-idempotency-key': { status: 400, zh: '幂等键格式不正确', en: 'Idempotency-Key must be 1–200 printable ASCII characters' },
  'malformed-encoding': { status: 400, zh: '请求内容无法解压（不是有效的 gzip 数据）', en: 'the body is not valid gzip data' },
  'malformed-form': { status: 400, zh: '上传的表单无法读取', en: 'the multipart form could not be read' },
  'file-unreadable': { status: 400, zh: '文件已损坏，或不是 Excel、WPS 或 LibreOffice 的表格文件', en: 'damaged, or not a spreadsheet Excel, WPS or LibreOffice saves' },
  'legacy-xls': { status: 400, zh: '文件是 Excel 4.0 或更早版本的格式，请在 Excel/WPS 中“另存为” .xlsx 后再上传', en: 'an Excel 4.0 (or older) file; save it as .xlsx in Excel or WPS and upload that' },
  'file-web-page': { status: 400, zh: '文件是网页（HTML）格式，其中没有表格，不是台账', en: 'a web page (HTML) without a table; not a ledger' },
  'file-xml-spreadsheet': { status: 400, zh: '文件是 Excel 2003 XML 格式，但其中没有工作表', en: 'an Excel 2003 XML file without a worksheet' },
  'file-archive': { status: 400, zh: '上传的是压缩包，请解压后上传其中的台账文件（Excel、WPS 或 LibreOffice 表格），一次一份', en: 'an archive (zip, RAR or 7z); unpack it and upload the ledger workbook in it, one at a time' },
  'file-encrypted': { status: 400, zh: '文件设有打开密码，请在 Excel/WPS 中取消密码后另存再上传', en: 'the workbook is password-protected; remove the password, save and upload again' },
  // 401: who is asking is unknown
  unauthorized: { status: 401, zh: '缺少访问令牌', en: 'missing bearer token' },
  'invalid-token': { status: 401, zh: '访问令牌无效', en: 'unknown or malformed access token' },
  'token-revoked': { status: 401, zh: '访问令牌已撤销', en: 'the access token has been revoked' },
  'token-expired': { status: 401, zh: '访问令牌已过期', en: 'the access token has expired' },
  // 403: known, but not allowed
  forbidden: { status: 403, zh: '无权执行此操作', en: 'this token may not do this' },
  'wrong-unit': { status: 403, zh: '只能报送本单位台账', en: 'a unit token submits for its own unit only' },
  'withdraw-too-late': { status: 403, zh: '已过本单位可撤回的期限，请联系县巡察办', en: 'past the days a unit may withdraw its submission; the county office can' },
  // 404: nothing there (another unit's item or submission reads as this too)
  'not-found': { status: 404, zh: '没有这个接口', en: 'no such endpoint' },
  'item-not-found': { status: 404, zh: '未找到该事项', en: 'no such item' },
  'submission-not-found': { status: 404, zh: '未找到该报送', en: 'no such submission' },
  'unit-not-found': { status: 404, zh: '单位未登记', en: 'no such registered unit' },
  'extension-not-found': { status: 404, zh: '未找到该延期申请', en: 'no such extension request' },
  'evidence-not-found': { status: 404, zh: '未找到该佐证材料', en: 'no such evidence file for this item' },
  'notice-not-found': { status: 404, zh: '未找到该通知', en: 'no such notice' },
  'method-not-allowed': { status: 405, zh: '接口不支持该方法', en: 'method not allowed' },
  // 409: the stored state does not allow it now
  conflict: { status: 409, zh: '事项已变化，请刷新后重试', en: 'the item changed meanwhile' },
  'stale-version': { status: 409, zh: '事项已更新，请刷新后再会诊', en: 'a newer version of the item is current' },
  'invalid-transition': { status: 409, zh: '当前会诊状态不允许此操作', en: 'this decision is not allowed in the current review state' },
  'close-out-not-allowed': { status: 409, zh: '未完成或无佐证材料的事项不能销号', en: 'only a completed item with evidence can be closed out' },
  'already-withdrawn': { status: 409, zh: '该报送已撤回', en: 'the submission is already withdrawn' },
  'item-closed': { status: 409, zh: '事项已销号，无需延期', en: 'the item is closed out' },
  'item-ongoing': { status: 409, zh: '长期坚持的事项没有整改时限，无需延期', en: 'an ongoing item has no due date to extend' },
  'extension-pending': { status: 409, zh: '该事项已有待审批的延期申请', en: 'an extension request is already pending' },
  'request-done': { status: 409, zh: '此操作已完成，但当时的回答未能保存，请刷新后查看结果', en: 'the write with this Idempotency-Key was done, its answer not kept; reload to see it' },
  'request-in-progress': { status: 409, zh: '同一操作的上一次提交仍在处理，请稍后重试', en: 'the first request with this Idempotency-Key is still being answered; retry after Retry-After' },
  'extension-decided': { status: 409, zh: '该延期申请已处理', en: 'the extension request is already decided' },
  'item-owned-by-other-unit': { status: 409, zh: '事项编号已属于其他单位，本次报送未保存，请重新报送', en: 'an item key belongs to another unit; nothing was stored' },
  // 413: too big
  'payload-too-large': { status: 413, zh: '报送内容过大', en: 'the request is too large' },
  'zip-bomb': { status: 413, zh: '工作簿解压后过大', en: 'the workbook inflates past the limit' },
  'too-many-cells': { status: 413, zh: '单元格数超过上限', en: 'too many cells' },
  'too-many-rows': { status: 413, zh: '行数超过上限，请按单位分开报送', en: 'too many rows; submit each unit apart' },
  'cell-too-long': { status: 413, zh: '单元格文字过长', en: 'a cell holds too much text' },
  'robot-not-set': { status: 409, zh: '该单位未设置群机器人，请管理员用 robot set 设置', en: 'the unit has no group robot; set one with the admin command robot set' },
  'already-delivered': { status: 409, zh: '该通知已送达', en: 'this notice was delivered already' },
  'too-deep': { status: 413, zh: '请求内容嵌套过深', en: 'the JSON nests too deeply' },
  'evidence-type': { status: 415, zh: '佐证材料类型不符', en: 'evidence must be a pdf, jpg, png, docx or xlsx file (judged by its content)' },
  'unsupported-encoding': { status: 415, zh: '请求内容的压缩方式不支持，请用 gzip 或不压缩', en: 'unsupported Content-Encoding: send gzip or none' },
  'unsupported-media-type': { status: 415, zh: '请求内容类型不正确', en: 'wrong Content-Type' },
  // 422: readable, but not a ledger the server can take
  unprocessable: { status: 422, zh: '请求无法处理', en: 'unprocessable request' },
  'idempotency-key-reused': { status: 422, zh: '幂等键已用于另一次提交', en: 'this Idempotency-Key was used for a different body' },
  'ledger-not-found': { status: 422, zh: '未找到台账表头', en: 'no sheet holds a ledger header' },
  'ledger-unreadable': { status: 422, zh: '台账无法读取', en: 'the ledger could not be checked' },
  'unit-ambiguous': { status: 422, zh: '一次报送一个单位的台账', en: 'a submission holds one unit’s ledger' },
  'unit-unknown': { status: 422, zh: '单位未登记', en: 'the unit is not registered' },
  'unit-mismatch': { status: 422, zh: '报送单位与台账所写单位不一致，确认无误请加 confirmUnit', en: 'the request names another unit than the ledger; confirm with confirmUnit' },
  'unit-unregistered': { status: 422, zh: '汇总表中有单位未登记，请先登记后再报送', en: 'units of the aggregate are not registered' },
  'extension-not-later': { status: 422, zh: '申请的时限须晚于现时限和今天', en: 'the requested date must be later than the current due date and today' },
  'decided-on-invalid': { status: 422, zh: '会诊日期不在允许范围内', en: 'decidedOn must lie between the version it decides and today' },
  'round-not-found': { status: 422, zh: '未找到该会诊轮次', en: 'no such round of review; open it with POST /api/v1/rounds' },
  'held-on-invalid': { status: 422, zh: '会诊日期须为不晚于今天的真实日期', en: 'heldOn must be a real date no later than today' },
  'notice-item-unknown': { status: 422, zh: '事项编号不属于该单位', en: 'every itemKeys entry must be an item of the unit' },
  // 429, 5xx
  'rate-limited': { status: 429, zh: '请求过于频繁，请稍后再试', en: 'too many requests; retry after the Retry-After seconds' },
  internal: { status: 500, zh: '服务器内部错误', en: 'internal server error' },
  'database-unavailable': { status: 503, zh: '数据库暂时不可用，请稍后重试（已保存的内容不受影响）', en: 'the database is unavailable for a moment; retry after the Retry-After seconds (nothing stored is affected)' },
  'server-busy': { status: 503, zh: '服务器正在检查其他大型台账，请稍后重试', en: 'other large ledgers are being checked; retry after the Retry-After seconds' },
  'campaign-invalid': { status: 500, zh: '服务器的检查方案设置有误，请管理员更正', en: 'the server’s CAMPAIGN setting is invalid; the administrator must correct it' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]];

/** The README's error table, one row per code, from the catalogue. */
export function errorTableMarkdown(): string {
  const rows = Object.entries(API_ERRORS).map(([code, e]) => `| ${e.status} | \`${code}\` | ${e.zh} | ${e.en} |`);
  return ['| status | code | 中文 | English |', '|---|---|---|---|', ...rows].join('\n');
}
