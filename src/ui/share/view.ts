// The link's view options as CSS classes on the page's root: `embed`, `hide-controls`, ... (share.css).
import type { LinkView } from '../../core/setup';

export function viewClasses(v: LinkView): string {
  return [v.embed ? 'embed' : '', ...v.hide.map((h) => `hide-${h}`)].filter(Boolean).join(' ');
}
