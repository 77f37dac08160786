import { Notification } from 'electron';
import type { AlertView } from '../../preload/contract';

/**
 * A native notification for an alert (budget, limit, drafts waiting). Text only; clicking it brings the
 * window forward, it never opens a link.
 */
export function notifyAlert(alert: AlertView, focus: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({
    title: alert.title.slice(0, 120),
    body: [alert.message, alert.suggested_action].filter(Boolean).join('\n').slice(0, 400),
    silent: alert.severity === 'info',
  });
  n.on('click', focus);
  n.show();
}
