import { describe, expect, it } from 'vitest';
import { serverAddress } from '../../addin/settings.js';
import { tokenOf } from '../../shared/token-text.js';

// The address a clerk types in 设置, as the client will ask it, or what is wrong with it.
describe('the server address in the settings', () => {
  it('is the origin the client asks: https added when missing, a path pasted along dropped', () => {
    expect(serverAddress('ledger.example.gov.cn')).toEqual({ url: 'https://ledger.example.gov.cn' });
    expect(serverAddress(' https://ledger.example.gov.cn/api/v1/ ')).toEqual({ url: 'https://ledger.example.gov.cn' });
    expect(serverAddress('https://ledger.example.gov.cn:8443/dashboard')).toEqual({ url: 'https://ledger.example.gov.cn:8443' });
    expect(serverAddress('HTTPS://Ledger.Example.gov.cn')).toEqual({ url: 'https://ledger.example.gov.cn' });
    // Behind a county proxy under a path: the path stays, the API's and a page's go.
    expect(serverAddress('https://zwfw.example.gov.cn/ledger/')).toEqual({ url: 'https://zwfw.example.gov.cn/ledger' });
    expect(serverAddress('https://zwfw.example.gov.cn/ledger/api/v1/me')).toEqual({ url: 'https://zwfw.example.gov.cn/ledger' });
    expect(serverAddress('https://zwfw.example.gov.cn/ledger/taskpane.html')).toEqual({ url: 'https://zwfw.example.gov.cn/ledger' });
    expect(serverAddress('')).toEqual({ url: '' });
  });

  it('keeps http for this computer (the dev server) only: the pane is an https page, whose browser blocks http', () => {
    expect(serverAddress('http://127.0.0.1:8787')).toEqual({ url: 'http://127.0.0.1:8787' });
    expect(serverAddress('http://localhost:8787/api/v1')).toEqual({ url: 'http://localhost:8787' });
    expect(serverAddress('http://10.1.2.3:8787')).toEqual({ problem: expect.stringMatching(/^服务器地址须以 https:\/\/ 开头/) });
    expect(serverAddress('ftp://ledger.example.gov.cn')).toEqual({ problem: expect.stringMatching(/^服务器地址须以 https:\/\/ 开头/) });
  });

  it('says so when it is not a web address at all', () => {
    expect(serverAddress('https://')).toEqual({ problem: expect.stringMatching(/^服务器地址“https:\/\/”不是网址/) });
    expect(serverAddress('ledger example')).toEqual({ problem: expect.stringMatching(/不是网址/) });
  });
});

describe('the token in the settings', () => {
  it('is one word as the server knows it: spaces, line breaks and a Bearer copied along go', () => {
    expect(tokenOf(' lc_AbC-dEf_123 ')).toBe('lc_AbC-dEf_123');
    expect(tokenOf('Bearer lc_AbC\n  dEf')).toBe('lc_AbCdEf');
    expect(tokenOf('lc_Ab\u3000Cd')).toBe('lc_AbCd'); // a full-width space from a Chinese input method
    expect(tokenOf('')).toBe('');
  });
});
