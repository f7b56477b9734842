// The "Learn" panel: the method in plain words with its equations (MathML), one paragraph per topic.
// A "?" next to a control (LearnLink) opens the panel on that control's paragraph.
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { LEARN_TOPICS, type LearnTopicId } from './content';

export function openLearn(topic: LearnTopicId = 'method'): void {
  useStore.setState({ learnTopic: topic });
}

export function LearnLink(props: { topic: LearnTopicId; label: string }) {
  return (
    <button type="button" className="learn-link" onClick={() => openLearn(props.topic)} data-testid={`learn-${props.topic}`}
      aria-label={`Explain: ${props.label}`} title={`Explain: ${props.label}`}>?</button>
  );
}

export function LearnPanel() {
  const topic = useStore((s) => s.learnTopic);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!topic) return;
    const el = ref.current?.querySelector(`[data-topic="${topic}"]`);
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    (el as HTMLElement | null)?.focus({ preventScroll: true });
  }, [topic]);
  useEffect(() => {
    if (!topic) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') useStore.setState({ learnTopic: null }); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [topic]);
  if (!topic) return null;
  return (
    <aside className="learn-panel" ref={ref} aria-label="Learn: the method" data-testid="learn-panel">
      <div className="learn-head">
        <h2>Learn</h2>
        <button type="button" onClick={() => useStore.setState({ learnTopic: null })} aria-label="Close the Learn panel" data-testid="learn-close">×</button>
      </div>
      <nav className="learn-nav">
        {LEARN_TOPICS.map((t) => (
          <button key={t.id} type="button" className={`linklike${t.id === topic ? ' active' : ''}`} onClick={() => openLearn(t.id)}>{t.title.split(':')[0]}</button>
        ))}
      </nav>
      {LEARN_TOPICS.map((t) => (
        <section key={t.id} data-topic={t.id} tabIndex={-1} className={t.id === topic ? 'current' : undefined}>
          <h3>{t.title}</h3>
          {t.body}
        </section>
      ))}
      <p className="muted">The full specification, with every choice marked, is ALGORITHMS.md in the project's documentation.</p>
    </aside>
  );
}
