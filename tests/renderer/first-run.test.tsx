// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from '../../main/store/secret-store';
import { createTestApp } from '../support/bridge/in-process';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

describe('first run', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('asks for a workspace, the rep and the sender, stores keys without showing them, then opens Agents', async () => {
    m = await mountApp();
    await screen.findByRole('heading', { name: 'Welcome to The Hunter' });
    fireEvent.change(screen.getByLabelText('Workspace name'), { target: { value: 'ChairFill — dentists' } });
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Alex Rivera' } });
    fireEvent.change(screen.getByLabelText('Sender address'), { target: { value: 'alex@chairfill.example' } });
    fireEvent.change(screen.getByLabelText('Signature'), { target: { value: 'Alex\nChairFill' } });
    fireEvent.change(screen.getByLabelText('Groq (fast drafts)'), { target: { value: 'gsk_visible_nowhere_1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    await screen.findByRole('heading', { name: 'Agents' });
    expect(screen.getByText('No agents yet')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' }).textContent).toContain('ChairFill — dentists');
    const boot = useHunter.getState().boot!;
    expect(boot.sender).toMatchObject({ name: 'Alex Rivera', email: 'alex@chairfill.example', signature: 'Alex\nChairFill' });
    expect(boot.keys.groq).toBe(true);
    expect(m.t.secrets.get('groq')).toBe('gsk_visible_nowhere_1234');
    expect(document.body.innerHTML).not.toContain('gsk_visible_nowhere');
  });

  it('shows main’s refusal with its code and keeps the form', async () => {
    m = await mountApp();
    await screen.findByRole('heading', { name: 'Welcome to The Hunter' });
    fireEvent.change(screen.getByLabelText('Workspace name'), { target: { value: 'W' } });
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'A' } });
    fireEvent.change(screen.getByLabelText('Sender address'), { target: { value: 'alex@nowhere' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Welcome to The Hunter' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('INVALID_INPUT');
    expect(screen.getByLabelText('Workspace name')).toBeTruthy();
  });

  it('tells the rep when the OS has no secure key store', async () => {
    const insecure = new EncryptedFileSecretStore('/nonexistent/keys.json', { isSecure: () => false, encrypt: (s) => Buffer.from(s), decrypt: (b) => b.toString() });
    m = await mountApp({ t: createTestApp({ deps: { secrets: insecure } }) });
    expect((await screen.findAllByRole('alert'))[0]!.textContent).toContain('no secure key store');
  });

  it('opens the sample workspace and lands on its run', async () => {
    m = await mountApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Or open the sample workspace' }));
    await screen.findByRole('heading', { name: 'Runs' });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Run monitor' }).textContent).toMatch(/Completed with errors|Running|Starting/));
  });
});
