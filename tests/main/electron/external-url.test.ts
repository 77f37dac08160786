import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../main/electron/external-url';

describe('links that may leave the app', () => {
  it('lets web pages over TLS, mail links and text messages to a number out, and nothing else', () => {
    expect(isSafeExternalUrl('https://wa.me/15035550141?text=Hi')).toBe(true);
    expect(isSafeExternalUrl('mailto:hello@example.com')).toBe(true);
    expect(isSafeExternalUrl('sms:+15035550141?body=I%20noticed%20your%20Saturday%20hours')).toBe(true);
    expect(isSafeExternalUrl('sms:+15035550141')).toBe(true);
    expect(isSafeExternalUrl('sms:not-a-number?body=x')).toBe(false);
    expect(isSafeExternalUrl('sms:+15035550141?body=x&open=file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
  });
});
