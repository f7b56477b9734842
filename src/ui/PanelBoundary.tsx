// Whatever throws while a panel renders (a damaged saved run, a bug), the rest of the page keeps working:
// each panel sits in a boundary that shows one line about what failed, "Try again" and "Reset saved data"
// (which wipes what this browser kept, the usual cure for a damaged record; the share panel's own Reset
// may be the panel that failed).
import { Component, type ReactNode } from 'react';
import { resetSaved } from './persist/persist';

interface Props {
  /** The panel, as the message names it ('the charts'). */
  name: string;
  /** The page's own boundary (its message speaks of the page). */
  root?: boolean;
  children: ReactNode;
}

interface State { error: string | null }

/** One line: control characters and newlines out, at most 200 characters. */
const oneLine = (e: unknown) => String((e as Error)?.message ?? e).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 200);

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(e: unknown): State {
    return { error: oneLine(e) };
  }

  override componentDidCatch(e: unknown): void {
    console.warn(`droil: ${this.props.name} could not be shown: ${oneLine(e)}`);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        <p>{this.props.root ? 'The page' : `The ${this.props.name}`} could not be shown ({this.state.error}).</p>
        <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
        <button type="button" data-testid="panel-error-reset" onClick={() => void resetSaved()}>Reset saved data</button>
      </div>
    );
  }
}
