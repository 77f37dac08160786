import { useEffect } from 'react';
import { subscribe } from './bridge';
import { CommandPalette } from './components/CommandPalette';
import { Rail } from './components/Rail';
import { ShortcutSheet } from './components/ShortcutSheet';
import { Toasts } from './components/Toasts';
import { Activity } from './screens/Activity';
import { Agents } from './screens/Agents';
import { Credits } from './screens/Credits';
import { DoNotContact } from './screens/DoNotContact';
import { Exports } from './screens/Exports';
import { FirstRun } from './screens/FirstRun';
import { Leads } from './screens/Leads';
import { Outcomes } from './screens/Outcomes';
import { Review } from './screens/Review';
import { Runs } from './screens/Runs';
import { Settings } from './screens/Settings';
import { useHunter, type Screen } from './store';

const SCREENS: Record<Screen, () => React.JSX.Element> = {
  agents: Agents,
  runs: Runs,
  leads: Leads,
  review: Review,
  exports: Exports,
  outcomes: Outcomes,
  dnc: DoNotContact,
  credits: Credits,
  activity: Activity,
  settings: Settings,
};

/** Main's pushes (run progress, draft text, alerts) land in the store. */
function useMainEvents(): void {
  useEffect(() => {
    const offs = [
      subscribe('run:events', (events) => useHunter.getState().applyRunEvents(events)),
      subscribe('draft:events', (events) => useHunter.getState().applyDraftEvents(events)),
      subscribe('alert:new', (alert) => {
        const s = useHunter.getState();
        s.receiveAlert(alert);
        // The periodic reply check found answers: the Outcomes screen on show reloads its counts.
        if (alert.trigger_type === 'replies_found' && s.screen === 'outcomes') void s.loadOutcomes();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);
}

function isTyping(el: EventTarget | null): boolean {
  const t = el as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/** Ctrl/⌘+K and ? work on every screen. */
function useGlobalKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useHunter.getState();
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        s.setPalette(!s.paletteOpen);
      } else if (e.key === '?' && !isTyping(e.target)) {
        e.preventDefault();
        s.setSheet(!s.sheetOpen);
      } else if (e.key === 'Escape' && (s.paletteOpen || s.sheetOpen)) {
        s.setPalette(false);
        s.setSheet(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const boot = useHunter((s) => s.boot);
  const bootError = useHunter((s) => s.bootError);
  const screen = useHunter((s) => s.screen);
  const bootstrap = useHunter((s) => s.bootstrap);
  useMainEvents();
  useGlobalKeys();
  useEffect(() => {
    void bootstrap();
  }, [bootstrap]);

  if (bootError) {
    return (
      <main className="first-run">
        <div className="card" role="alert">
          <h1>The Hunter could not start</h1>
          <p>{bootError}</p>
          <button className="btn" onClick={() => void bootstrap()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!boot) return <main className="first-run" aria-busy="true" />;
  if (!boot.workspace) {
    return (
      <>
        <FirstRun />
        <Toasts />
      </>
    );
  }
  const Current = SCREENS[screen];
  return (
    <div className="shell">
      <Rail />
      <main className="main" id="main">
        <Current key={boot.workspace.id} />
      </main>
      <CommandPalette />
      <ShortcutSheet />
      <Toasts />
    </div>
  );
}
