/**
 * WeCom (企业微信) group robot: POST JSON to the webhook (its `key` is the credential; there is no
 * signature). markdown.content is at most 4096 bytes of UTF-8, text.content 2048.
 */
export const WECOM_MARKDOWN_BYTES = 4096;

export function wecomBody(markdown: string): unknown {
  return { msgtype: 'markdown', markdown: { content: markdown } };
}
