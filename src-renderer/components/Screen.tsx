// One screen's frame: its heading (which takes the focus when the screen is chosen, so keyboard and
// screen-reader users land at its top) and a line saying what it is for.
import { useEffect, useRef, type ReactNode } from 'react';

/** A screen with heading `title`; `active` false hides it (it keeps its state meanwhile). */
export function Screen({ id, title, intro, active, children }: { id: string; title: string; intro: ReactNode; active: boolean; children: ReactNode }): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  const wasActive = useRef(active);
  useEffect(() => {
    // Only when the person switches to this screen, not on the first render.
    if (active && !wasActive.current) heading.current?.focus();
    wasActive.current = active;
  }, [active]);
  return (
    <section className="screen" id={`screen-${id}`} hidden={!active} aria-labelledby={`screen-${id}-title`}>
      <header>
        <h1 id={`screen-${id}-title`} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p>{intro}</p>
      </header>
      {children}
    </section>
  );
}
