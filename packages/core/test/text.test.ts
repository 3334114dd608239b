import { describe, expect, it } from 'vitest';
import { displayText, stripControl, truncateText } from '../src/index.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('stripControl', () => {
  it('removes an OSC title sequence and a screen clear whole, payload included (issue 11)', () => {
    expect(stripControl(`${ESC}]0;pwned${BEL}${ESC}[2Jiris`)).toBe('iris');
    // OSC ended by ST (ESC \) and by the C1 ST, and one never ended.
    expect(stripControl(`a${ESC}]8;;http://x${ESC}\\b`)).toBe('ab');
    expect(stripControl(`a\u009d0;t\u009cb`)).toBe('ab');
    expect(stripControl(`a${ESC}]0;never ended`)).toBe('a');
  });

  it('removes CSI sequences in the ESC [ and C1 forms, and two-byte escapes', () => {
    expect(stripControl(`${ESC}[31mred${ESC}[0m ${ESC}[?25l${ESC}[10;20H`)).toBe('red ');
    expect(stripControl(`x\u009b2Jy`)).toBe('xy');
    expect(stripControl(`${ESC}cA${ESC}(BB`)).toBe('AB');
  });

  it('removes C0, DEL, C1 and bidirectional overrides; turns tabs and line breaks into spaces', () => {
    expect(stripControl('a\u0000b\u0008c\u007fd\u0085e\u0080f')).toBe('abcd ef');
    expect(stripControl('a\tb\r\nc\u2028d')).toBe('a b  c d');
    expect(stripControl('user\u202Egnp.exe\u2066x\u2069\u200f')).toBe('usergnp.exex');
    expect(stripControl('plain é 漢字 😀')).toBe('plain é 漢字 😀');
  });
});

describe('truncateText', () => {
  it('keeps text that fits and cuts longer text to max code points with an ellipsis', () => {
    expect(truncateText('abcd', 4)).toBe('abcd');
    expect(truncateText('abcde', 4)).toBe('abc…');
    expect(truncateText('', 3)).toBe('');
    expect(truncateText('ab', 1)).toBe('…');
  });

  it('counts code points, so it never splits an astral character', () => {
    expect(truncateText('😀😀😀', 3)).toBe('😀😀😀');
    expect(truncateText('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('displayText', () => {
  it('strips and cuts a 10 MB label without scanning it whole', () => {
    const label = `${ESC}[2J` + 'x'.repeat(10 * 1024 * 1024);
    expect(displayText(label, 10)).toBe('xxxxxxxxx…');
    expect(displayText('short', 10)).toBe('short');
  });

  it('says a label made of escape sequences was cut even when little text is left', () => {
    const label = `${ESC}[2J`.repeat(200) + 'tail';
    expect(displayText(label, 50)).toBe('…');
  });
});
