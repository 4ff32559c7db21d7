import { describe, expect, it } from 'vitest';
import { cutText, formatBytes, PREVIEW_LIMIT_CHARS, previewBody } from '../../ui/src/state/body-preview.js';

describe('body previews', () => {
  it('pretty-prints a whole JSON body and offers no "show all"', () => {
    expect(previewBody({ text: '{"a":1}', truncated: false, bytes: 7 })).toEqual({ text: '{\n  "a": 1\n}', truncated: false, canShowAll: false, bytes: 7 });
  });

  it('shows a body the host truncated as it came, with "show all"', () => {
    const text = `{"data":"${'x'.repeat(100)}`;
    expect(previewBody({ text, truncated: true, bytes: 10_000_000 })).toEqual({ text, truncated: true, canShowAll: true, bytes: 10_000_000 });
  });

  it('cuts a long body to 64 Ki characters itself, even when the host did not', () => {
    const text = 'y'.repeat(PREVIEW_LIMIT_CHARS + 10);
    const preview = previewBody({ text, truncated: false, bytes: text.length });
    expect(preview.text).toHaveLength(PREVIEW_LIMIT_CHARS);
    expect(preview.truncated).toBe(true);
    expect(preview.canShowAll).toBe(true);
  });

  it('shows the whole body once fetched with ?full=1', () => {
    const text = 'z'.repeat(PREVIEW_LIMIT_CHARS * 2);
    expect(previewBody({ text, truncated: false, bytes: text.length }, true)).toEqual({ text, truncated: false, canShowAll: false, bytes: text.length });
  });

  it('says a body is still cut after ?full=1 (past what the host keeps) without offering more', () => {
    const text = 'w'.repeat(1024 * 1024);
    expect(previewBody({ text, truncated: true, bytes: 6_000_000 }, true)).toEqual({ text, truncated: true, canShowAll: false, bytes: 6_000_000 });
  });

  it('does not split a surrogate pair', () => {
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('ab😀', 4)).toBe('ab😀');
  });

  it('formats sizes', () => {
    expect([12, 2048, 5 * 1024 * 1024].map(formatBytes)).toEqual(['12 B', '2.0 KiB', '5.0 MiB']);
  });
});
