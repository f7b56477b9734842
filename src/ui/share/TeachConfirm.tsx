// A heavy teaching link asks before it trains (src/ui/hash.ts): the cost in words, Train or Don't.
import { useStore } from '../store';
import { cancelTeaching, confirmTeaching } from '../hash';

export function TeachConfirm() {
  const pending = useStore((s) => s.teachPending);
  if (!pending) return null;
  return (
    <div className="notice" role="alertdialog" aria-label="Heavy teaching run" data-testid="teach-confirm">
      <p>{pending}</p>
      <button type="button" data-testid="teach-confirm-train" onClick={confirmTeaching}>Train</button>{' '}
      <button type="button" data-testid="teach-confirm-cancel" onClick={cancelTeaching}>Don't train</button>
    </div>
  );
}
